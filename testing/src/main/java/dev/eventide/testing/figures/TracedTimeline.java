package dev.eventide.testing.figures;

import dev.eventide.testing.matchers.PaneRecord;
import dev.eventide.testing.scenario.Timeline;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * A {@link Timeline} run on the DirectRunner so that every pane can be told apart by the moment of
 * the timeline that fired it: the data behind a {@link TimelineFigure}.
 *
 * <p>The DirectRunner takes the next event of a {@link TestStream} only once the pipeline is
 * quiescent, everything the previous event caused done. So the traced source puts a marker before
 * each moment (a bundle of elements, a watermark step, a processing-time step, the end of input),
 * splits the markers off before the pipeline sees them, and logs them in one list with the panes
 * and routed records the pipeline gives: whatever follows moment k's marker in the log, and comes
 * before moment k+1's, was caused by moment k. The log is in this JVM, so a trace needs the
 * DirectRunner.
 *
 * <pre>
 * TracedTimeline trace = TracedTimeline.of(timeline);
 * PCollection&lt;String&gt; lines = pipeline.apply(trace.source());
 * ... // the pipeline under test
 * trace.panes(results.apply(CapturePanes.rendering(...)));
 * pipeline.run().waitUntilFinish();
 * List&lt;TracedTimeline.Moment&gt; moments = trace.moments();
 * </pre>
 */
public final class TracedTimeline implements Serializable {

  /**
   * One moment of the timeline and what the pipeline gave while it was processed. {@code
   * watermark} is the input watermark after the moment, {@code null} once the input has ended.
   */
  public record Moment(
      Kind kind,
      List<Timeline.Element> elements,
      Instant watermark,
      Duration processingAdvance,
      List<PaneRecord> panes,
      List<Routed> routed) {}

  /** What a moment of the timeline does. */
  public enum Kind {
    ARRIVAL,
    WATERMARK,
    PROCESSING_TIME,
    END_OF_INPUT
  }

  /** A record the pipeline routed aside (to a late output, say), at its event time. */
  public record Routed(Instant eventTime, String label) implements Serializable {}

  private static final String MARKER = "\u0000moment ";
  private static final Map<String, List<Object>> LOGS = new ConcurrentHashMap<>();

  private final String id = UUID.randomUUID().toString();
  private final Timeline timeline;

  private TracedTimeline(Timeline timeline) {
    this.timeline = timeline;
    LOGS.put(id, Collections.synchronizedList(new ArrayList<>()));
  }

  public static TracedTimeline of(Timeline timeline) {
    return new TracedTimeline(timeline);
  }

  public Timeline timeline() {
    return timeline;
  }

  /** The timeline's element texts, with the markers already split off. */
  public PTransform<PBegin, PCollection<String>> source() {
    String log = id;
    return new PTransform<>() {
      @Override
      public PCollection<String> expand(PBegin begin) {
        return begin
            .apply("TracedTimeline", markedStream())
            .apply("SplitOffMarkers", ParDo.of(new SplitOffMarkers(log)));
      }
    };
  }

  /** Logs each pane the pipeline gives. */
  public void panes(PCollection<PaneRecord> panes) {
    panes.apply("TracePanes", ParDo.of(new Log<>(id, pane -> pane)));
  }

  /** Logs each record the pipeline routes aside, placed at the event time it gives. */
  public void routed(PCollection<String> records, SerializableFunction<String, Routed> toRouted) {
    records.apply("TraceRouted", ParDo.of(new Log<>(id, toRouted)));
  }

  /** The moments in order, each with the panes and routed records it caused. */
  public List<Moment> moments() {
    List<Object> log = List.copyOf(LOGS.get(id));
    List<Moment> skeleton = skeleton();
    List<List<PaneRecord>> panes = new ArrayList<>();
    List<List<Routed>> routed = new ArrayList<>();
    for (int i = 0; i < skeleton.size(); i++) {
      panes.add(new ArrayList<>());
      routed.add(new ArrayList<>());
    }
    int current = -1;
    for (Object entry : log) {
      if (entry instanceof Integer marker) {
        current = marker;
      } else if (current < 0) {
        throw new IllegalStateException("the pipeline gave " + entry + " before the timeline's first moment");
      } else if (entry instanceof PaneRecord pane) {
        panes.get(current).add(pane);
      } else {
        routed.get(current).add((Routed) entry);
      }
    }
    List<Moment> moments = new ArrayList<>();
    for (int i = 0; i < skeleton.size(); i++) {
      Moment m = skeleton.get(i);
      // Panes of one moment come in no particular order: sort them so that a figure is stable.
      panes.get(i).sort(
          Comparator.comparing((PaneRecord p) -> p.windowStart() == null ? Long.MIN_VALUE : p.windowStart().getMillis())
              .thenComparing(PaneRecord::value)
              .thenComparingLong(PaneRecord::index));
      routed.get(i).sort(Comparator.comparing(Routed::eventTime).thenComparing(Routed::label));
      moments.add(new Moment(m.kind(), m.elements(), m.watermark(), m.processingAdvance(), panes.get(i), routed.get(i)));
    }
    LOGS.remove(id);
    return moments;
  }

  /** The moments of the timeline, without what the pipeline did: consecutive elements are one. */
  private List<Moment> skeleton() {
    List<Moment> moments = new ArrayList<>();
    List<Timeline.Element> bundle = new ArrayList<>();
    Instant watermark = BoundedWindow.TIMESTAMP_MIN_VALUE;
    for (Timeline.Step step : timeline.steps()) {
      if (step instanceof Timeline.Element e) {
        bundle.add(e);
        continue;
      }
      if (!bundle.isEmpty()) {
        moments.add(new Moment(Kind.ARRIVAL, List.copyOf(bundle), watermark, Duration.ZERO, List.of(), List.of()));
        bundle.clear();
      }
      if (step instanceof Timeline.AdvanceWatermark w) {
        watermark = w.to();
        moments.add(new Moment(Kind.WATERMARK, List.of(), watermark, Duration.ZERO, List.of(), List.of()));
      } else if (step instanceof Timeline.AdvanceProcessingTime p) {
        moments.add(new Moment(Kind.PROCESSING_TIME, List.of(), watermark, p.by(), List.of(), List.of()));
      }
    }
    if (!bundle.isEmpty()) {
      moments.add(new Moment(Kind.ARRIVAL, List.copyOf(bundle), watermark, Duration.ZERO, List.of(), List.of()));
    }
    // Like Timeline.toTestStream, a timeline ends with the final watermark whether it says so or not.
    moments.add(new Moment(Kind.END_OF_INPUT, List.of(), null, Duration.ZERO, List.of(), List.of()));
    return moments;
  }

  private TestStream<String> markedStream() {
    TestStream.Builder<String> builder = TestStream.create(StringUtf8Coder.of());
    List<Moment> moments = skeleton();
    for (int i = 0; i < moments.size(); i++) {
      Moment m = moments.get(i);
      builder = builder.addElements(TimestampedValue.of(MARKER + i, timeline.start()));
      switch (m.kind()) {
        case ARRIVAL -> {
          List<TimestampedValue<String>> values =
              m.elements().stream().map(e -> TimestampedValue.of(e.text(), e.timestamp())).toList();
          builder = builder.addElements(values.get(0), values.subList(1, values.size()).toArray(TimestampedValue[]::new));
        }
        case WATERMARK -> builder = builder.advanceWatermarkTo(m.watermark());
        case PROCESSING_TIME -> builder = builder.advanceProcessingTime(m.processingAdvance());
        case END_OF_INPUT -> {}
      }
    }
    return builder.advanceWatermarkToInfinity();
  }

  private static final class SplitOffMarkers extends DoFn<String, String> {
    private final String log;

    SplitOffMarkers(String log) {
      this.log = log;
    }

    @ProcessElement
    public void process(@Element String text, OutputReceiver<String> out) {
      if (text.startsWith(MARKER)) {
        LOGS.get(log).add(Integer.parseInt(text.substring(MARKER.length())));
      } else {
        out.output(text);
      }
    }
  }

  private static final class Log<T> extends DoFn<T, Void> {
    private final String log;
    private final SerializableFunction<T, ?> entry;

    Log(String log, SerializableFunction<T, ?> entry) {
      this.log = log;
      this.entry = entry;
    }

    @ProcessElement
    public void process(@Element T element) {
      LOGS.get(log).add(entry.apply(element));
    }
  }
}
