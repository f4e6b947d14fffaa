package dev.eventide.testing.matchers;

import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Records each element with its window and pane, so a test can assert on pane timing (EARLY,
 * ON_TIME, LATE) and pane order together with contents, using {@link PaneAssert}.
 */
public final class CapturePanes<T> extends PTransform<PCollection<T>, PCollection<PaneRecord>> {

  private final SerializableFunction<T, String> render;

  private CapturePanes(SerializableFunction<T, String> render) {
    this.render = render;
  }

  /** Captures elements rendered with {@code String.valueOf}. */
  public static <T> CapturePanes<T> of() {
    return new CapturePanes<>(String::valueOf);
  }

  /** Captures elements rendered by {@code render}, e.g. {@code kv -> kv.getKey() + "=" + ...}. */
  public static <T> CapturePanes<T> rendering(SerializableFunction<T, String> render) {
    return new CapturePanes<>(render);
  }

  @Override
  public PCollection<PaneRecord> expand(PCollection<T> input) {
    return input
        .apply("CaptureWindowAndPane", ParDo.of(new CaptureFn<>(render)))
        .setCoder(SerializableCoder.of(PaneRecord.class));
  }

  private static final class CaptureFn<T> extends DoFn<T, PaneRecord> {
    private final SerializableFunction<T, String> render;

    CaptureFn(SerializableFunction<T, String> render) {
      this.render = render;
    }

    @ProcessElement
    public void process(
        @Element T element, BoundedWindow window, PaneInfo pane, OutputReceiver<PaneRecord> out) {
      IntervalWindow interval = window instanceof IntervalWindow w ? w : null;
      out.output(
          new PaneRecord(
              render.apply(element),
              interval == null ? null : interval.start(),
              interval == null ? null : interval.end(),
              pane.getTiming(),
              pane.getIndex(),
              pane.isFirst(),
              pane.isLast()));
    }
  }
}
