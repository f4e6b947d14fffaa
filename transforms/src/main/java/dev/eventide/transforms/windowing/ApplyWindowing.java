package dev.eventide.transforms.windowing;

import dev.eventide.transforms.options.EnumOption;
import java.util.Locale;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * Assigns records to windows of a {@link WindowSpec}, with a {@link TriggerSpec} (by default: fire
 * when the watermark passes the end of the window, and again for each late record within the
 * allowed lateness), an allowed lateness and an accumulation mode. Records later than the allowed
 * lateness are dropped by the runner.
 *
 * <p>Accumulating is the default because it is what Flink does: a late firing re-emits the whole
 * window, so the newest pane of a window is always its complete result.
 *
 * <p>An on-time pane fires only when it holds data. Beam's default fires it always, and on the
 * FlinkRunner that yields a second, empty "on-time" pane whenever one watermark advance passes
 * both the end of a window and the end of its allowed lateness (at the end of a bounded stream,
 * or after a jump): Flink delivers the two timers apart, the first one already closes the window
 * and the second one fires it again from cleared state.
 */
public final class ApplyWindowing<T> extends PTransform<PCollection<T>, PCollection<T>> {

  /** Whether a window's later panes repeat what earlier panes already emitted. */
  public enum Accumulation {
    ACCUMULATING,
    DISCARDING;

    public static Accumulation parse(String text) {
      return EnumOption.parse(Accumulation.class, "accumulation", text);
    }
  }

  private final WindowSpec spec;
  private final TriggerSpec trigger;
  private final Duration allowedLateness;
  private final Accumulation accumulation;
  private final TimestampCombiner timestampCombiner;

  private ApplyWindowing(
      WindowSpec spec,
      TriggerSpec trigger,
      Duration allowedLateness,
      Accumulation accumulation,
      TimestampCombiner timestampCombiner) {
    this.spec = spec;
    this.trigger = trigger;
    this.allowedLateness = allowedLateness;
    this.accumulation = accumulation;
    this.timestampCombiner = timestampCombiner;
  }

  public static <T> ApplyWindowing<T> of(WindowSpec spec) {
    return new ApplyWindowing<>(
        spec, TriggerSpec.defaultTrigger(), Duration.ZERO, Accumulation.ACCUMULATING, TimestampCombiner.END_OF_WINDOW);
  }

  /**
   * The trigger, allowed lateness and accumulation alone, for windows that a later step assigns:
   * Beam SQL's {@code TUMBLE}, {@code HOP} and {@code SESSION} keep their input's.
   */
  public static <T> ApplyWindowing<T> firingOnly() {
    return new ApplyWindowing<>(
        null, TriggerSpec.defaultTrigger(), Duration.ZERO, Accumulation.ACCUMULATING, TimestampCombiner.END_OF_WINDOW);
  }

  public ApplyWindowing<T> withTrigger(TriggerSpec firing) {
    return new ApplyWindowing<>(spec, firing, allowedLateness, accumulation, timestampCombiner);
  }

  public ApplyWindowing<T> withAllowedLateness(Duration lateness) {
    return new ApplyWindowing<>(spec, trigger, lateness, accumulation, timestampCombiner);
  }

  public ApplyWindowing<T> withAccumulation(Accumulation mode) {
    return new ApplyWindowing<>(spec, trigger, allowedLateness, mode, timestampCombiner);
  }

  /**
   * The timestamp of a window's results: the end of the window (default), or the earliest or
   * latest of its elements. It decides which window of a later stage a result falls into.
   */
  public ApplyWindowing<T> withTimestampCombiner(TimestampCombiner combiner) {
    return new ApplyWindowing<>(spec, trigger, allowedLateness, accumulation, combiner);
  }

  /** {@code end}, {@code earliest} or {@code latest}, as {@code --timestampCombiner} takes it. */
  public static TimestampCombiner parseTimestampCombiner(String text) {
    return switch (text == null ? "" : text.strip().toLowerCase(Locale.ROOT)) {
      case "end" -> TimestampCombiner.END_OF_WINDOW;
      case "earliest" -> TimestampCombiner.EARLIEST;
      case "latest" -> TimestampCombiner.LATEST;
      default -> throw new IllegalArgumentException(
          "Invalid timestamp combiner '" + text + "': accepted are end, earliest, latest");
    };
  }

  @Override
  public PCollection<T> expand(PCollection<T> input) {
    Window<T> window =
        (spec == null ? Window.<T>configure() : Window.<T>into(spec.windowFn()))
            .triggering(trigger.trigger())
            .withAllowedLateness(allowedLateness)
            .withOnTimeBehavior(Window.OnTimeBehavior.FIRE_IF_NON_EMPTY)
            .withTimestampCombiner(timestampCombiner);
    window =
        accumulation == Accumulation.ACCUMULATING
            ? window.accumulatingFiredPanes()
            : window.discardingFiredPanes();
    return input.apply((spec == null ? "Firing" : "Window " + spec) + " trigger " + trigger, window);
  }
}
