package dev.eventide.testing.scenario;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * A stream scenario written as text, one step per line, turned into a {@link TestStream}.
 *
 * <pre>
 * Timeline.startingAt("2018-06-01T00:00:00Z").parse("""
 *     00:00:00.500  {t},June,Category1,Bat,10     # an element with event time start+0.5s
 *     00:00:01      {t},June,Category1,Ball,5
 *     watermark 00:00:02                         # the watermark passes start+2s
 *     processing +00:00:05                       # processing time moves 5s on
 *     00:00:01.200  {t},June,Category2,Shirt,7   # arrives after the watermark: late
 *     watermark end                               # the final watermark (added if missing)
 *     """);
 * </pre>
 *
 * <p>Times are clock offsets {@code HH:mm:ss[.SSS]} from the start instant ({@code -HH:mm:ss} is
 * before it). In an element's text,
 * {@code {t}} stands for its timestamp as an ISO-8601 instant, so records that carry their own
 * event time are written once. Consecutive element lines form one bundle. {@code #} at the start
 * of a line or after white space starts a comment.
 */
public final class Timeline implements Serializable {

  private static final Pattern COMMENT = Pattern.compile("(^|\\s)#.*$");
  private static final Pattern CLOCK = Pattern.compile("(-)?(\\d+):(\\d{2}):(\\d{2})(?:\\.(\\d{1,3}))?");

  /** One step of the scenario. */
  public sealed interface Step extends Serializable
      permits Element, AdvanceWatermark, AdvanceProcessingTime, FinalWatermark {}

  /** An element with its timestamp. */
  public record Element(Instant timestamp, String text) implements Step {}

  /** The watermark moves to {@code to}. */
  public record AdvanceWatermark(Instant to) implements Step {}

  /** Processing time moves on by {@code by}. */
  public record AdvanceProcessingTime(Duration by) implements Step {}

  /** The watermark moves to the end of time: every window closes. */
  public record FinalWatermark() implements Step {}

  private final Instant start;
  private final List<Step> steps;

  private Timeline(Instant start, List<Step> steps) {
    this.start = start;
    this.steps = List.copyOf(steps);
  }

  /** An empty timeline whose clock offsets count from {@code isoInstant}. */
  public static Timeline startingAt(String isoInstant) {
    return new Timeline(Instant.parse(isoInstant), List.of());
  }

  /** An empty timeline whose clock offsets count from {@code start}. */
  public static Timeline startingAt(Instant start) {
    return new Timeline(start, List.of());
  }

  public Instant start() {
    return start;
  }

  public List<Step> steps() {
    return steps;
  }

  /** The instant at clock offset {@code clock} ({@code [-]HH:mm:ss[.SSS]}) from the start. */
  public Instant at(String clock) {
    return start.plus(clockOffset(clock));
  }

  /** This timeline with the steps the text describes appended. */
  public Timeline parse(String description) {
    List<Step> all = new ArrayList<>(steps);
    String[] lines = description.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = stripComment(lines[i]).strip();
      if (line.isEmpty()) {
        continue;
      }
      try {
        all.add(parseStep(line));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Timeline line " + (i + 1) + " '" + line + "': " + e.getMessage(), e);
      }
    }
    return new Timeline(start, all);
  }

  private Step parseStep(String line) {
    String[] parts = line.split("\\s+", 2);
    String head = parts[0];
    String rest = parts.length > 1 ? parts[1].strip() : "";
    switch (head) {
      case "watermark":
        return rest.equals("end") ? new FinalWatermark() : new AdvanceWatermark(at(rest));
      case "processing":
        if (!rest.startsWith("+")) {
          throw new IllegalArgumentException("processing time moves by '+HH:mm:ss[.SSS]'");
        }
        return new AdvanceProcessingTime(clockOffset(rest.substring(1)));
      default:
        if (rest.isEmpty()) {
          throw new IllegalArgumentException("an element needs text after its time");
        }
        Instant timestamp = at(head);
        return new Element(timestamp, rest.replace("{t}", isoInstant(timestamp)));
    }
  }

  /** The scenario as a {@link TestStream} of its element texts, ending at the final watermark. */
  public TestStream<String> toTestStream() {
    return toTestStream(StringUtf8Coder.of(), text -> text);
  }

  /**
   * The scenario as a {@link TestStream} of keyed numbers, each element written {@code key,number}
   * (e.g. {@code a,12}): the usual shape of a keyed aggregation's scenario.
   */
  public TestStream<KV<String, Integer>> toKeyedNumbers() {
    return toTestStream(
        KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of()),
        text -> {
          String[] parts = text.split(",", 2);
          return KV.of(parts[0].strip(), Integer.parseInt(parts[1].strip()));
        });
  }

  /** The scenario as a {@link TestStream}, each element's text turned into a value. */
  public <T> TestStream<T> toTestStream(Coder<T> coder, TextToValue<T> toValue) {
    TestStream.Builder<T> builder = TestStream.create(coder);
    List<TimestampedValue<T>> bundle = new ArrayList<>();
    boolean ended = false;
    for (Step step : steps) {
      if (ended) {
        throw new IllegalStateException("Nothing can follow 'watermark end'");
      }
      if (step instanceof Element e) {
        bundle.add(TimestampedValue.of(toValue.apply(e.text()), e.timestamp()));
        continue;
      }
      builder = flush(builder, bundle);
      if (step instanceof AdvanceWatermark w) {
        builder = builder.advanceWatermarkTo(w.to());
      } else if (step instanceof AdvanceProcessingTime p) {
        builder = builder.advanceProcessingTime(p.by());
      } else {
        ended = true;
      }
    }
    return flush(builder, bundle).advanceWatermarkToInfinity();
  }

  /**
   * The scenario replayed through a runner's normal source path ({@link ReplayTimeline}), with real
   * pauses for processing-time steps.
   */
  public ReplayTimeline toReplay() {
    return new ReplayTimeline(steps);
  }

  /**
   * The scenario as the source that runs it faithfully on the pipeline's runner: a TestStream,
   * except on the FlinkRunner when the scenario advances processing time, which Flink's TestStream
   * support rejects; there the scenario is replayed ({@link #toReplay()}).
   */
  public PTransform<PBegin, PCollection<String>> sourceFor(Pipeline pipeline) {
    boolean flink = pipeline.getOptions().getRunner().getSimpleName().contains("Flink");
    boolean processingTime = steps.stream().anyMatch(AdvanceProcessingTime.class::isInstance);
    return flink && processingTime ? toReplay() : toTestStream();
  }

  /** The element steps in order: what a bounded source would read. */
  public List<Element> elements() {
    return steps.stream().filter(Element.class::isInstance).map(Element.class::cast).toList();
  }

  private static <T> TestStream.Builder<T> flush(
      TestStream.Builder<T> builder, List<TimestampedValue<T>> bundle) {
    if (bundle.isEmpty()) {
      return builder;
    }
    TestStream.Builder<T> next =
        builder.addElements(
            bundle.get(0), bundle.subList(1, bundle.size()).toArray(TimestampedValue[]::new));
    bundle.clear();
    return next;
  }

  /** Turns an element's text into the stream's value type. */
  @FunctionalInterface
  public interface TextToValue<T> extends Serializable {
    T apply(String text);
  }

  /** {@code Instant} as ISO-8601 without trailing zero millis, e.g. {@code 2018-06-01T00:00:02Z}. */
  public static String isoInstant(Instant instant) {
    return java.time.Instant.ofEpochMilli(instant.getMillis()).toString();
  }

  private static Duration clockOffset(String clock) {
    Matcher m = CLOCK.matcher(Objects.requireNonNull(clock).strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + clock + "' is not a clock offset [-]HH:mm:ss[.SSS]");
    }
    long millis =
        ((Long.parseLong(m.group(2)) * 60 + Long.parseLong(m.group(3))) * 60
                + Long.parseLong(m.group(4)))
            * 1000;
    if (m.group(5) != null) {
      millis += Long.parseLong((m.group(5) + "00").substring(0, 3));
    }
    return Duration.millis(m.group(1) == null ? millis : -millis);
  }

  private static String stripComment(String line) {
    // '#' opens a comment at the start of a line or after white space, so texts may hold "a#b".
    return COMMENT.matcher(line).replaceFirst("");
  }
}
