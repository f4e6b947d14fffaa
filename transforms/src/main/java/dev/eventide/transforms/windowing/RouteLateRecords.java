package dev.eventide.transforms.windowing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventide.transforms.io.FormatPanesAsJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Flink's {@code sideOutputLateData} for Beam: records too late for their window go to a late
 * output with the window they missed, instead of being dropped by the runner with only a metric.
 * Apply it to timestamped records before they are windowed with the same window and allowed
 * lateness; the on-time records come out unchanged for that windowing.
 *
 * <p>How lateness is decided: a window closes for good when the watermark passes its end plus the
 * allowed lateness (Beam's garbage-collection time, {@code end - 1 ms + allowedLateness}, is passed).
 * Per key and window a timer fires at that instant; a record for that key and window arriving after
 * it fired is late. Until it fires the timer holds the watermark downstream, so a record this
 * transform lets through is never dropped by the windowing after it.
 *
 * <p>One case it cannot see: a key and window that closed before any of its records came. No timer
 * was set yet and a DoFn cannot read the watermark, so its first record is let through, and so are
 * those that come before the close timer (set in the past) has fired. The runner drops them; the
 * FlinkRunner counts them in {@code droppedDueToLateness}, the DirectRunner of Beam 2.62 was seen
 * to count fewer than it dropped. In a stream that has been running, late data belongs to windows
 * that had on-time data, and this case does not arise.
 * The same holds for records more than {@link #REMEMBER_CLOSED} of event time after their window
 * closed: a closed window is forgotten then, so state does not grow without bound. Routed records
 * are counted in the counter {@code eventide.lateness/lateRecords}.
 */
public final class RouteLateRecords<T> extends PTransform<PCollection<T>, PCollectionTuple> {

  /** Where the records that are not late go, unchanged. */
  public final TupleTag<T> onTime = new TupleTag<>() {};

  /** Where the late records go, one per window they missed. */
  public static final TupleTag<LateRecord> LATE = new TupleTag<>("late") {};

  private final WindowSpec window;
  private final Duration allowedLateness;
  private final SerializableFunction<T, String> keyOf;
  private final SerializableFunction<T, String> describe;

  private RouteLateRecords(
      WindowSpec window,
      Duration allowedLateness,
      SerializableFunction<T, String> keyOf,
      SerializableFunction<T, String> describe) {
    this.window = window;
    this.allowedLateness = allowedLateness;
    this.keyOf = keyOf;
    this.describe = describe;
  }

  /** Late records of the windows and lateness given; {@code keyOf} is the key they are summed by. */
  public static <T> RouteLateRecords<T> of(
      WindowSpec window,
      Duration allowedLateness,
      SerializableFunction<T, String> keyOf,
      SerializableFunction<T, String> describe) {
    return new RouteLateRecords<>(window, allowedLateness, keyOf, describe);
  }

  /** Late records as JSON lines ({@link LateRecord#toJson}), for a late output. */
  public static MapElements<LateRecord, String> asJson() {
    return MapElements.into(TypeDescriptors.strings()).via(LateRecord::toJson);
  }

  /** A record that arrived after its window closed. */
  public record LateRecord(
      String record, String key, Instant windowStart, Instant windowEnd, Instant eventTime, Instant windowClosedAt)
      implements Serializable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * {@code {"record":...,"key":...,"windowStart":...,"windowEnd":...,"eventTime":...,
     * "windowClosedAt":...,"eventTimeBeforeCloseMs":...}}; the last says how far behind its
     * window's close the record's own time lies.
     */
    public String toJson() {
      ObjectNode node = JSON.createObjectNode();
      node.put("record", record);
      node.put("key", key);
      node.put("windowStart", FormatPanesAsJson.isoInstant(windowStart));
      node.put("windowEnd", FormatPanesAsJson.isoInstant(windowEnd));
      node.put("eventTime", FormatPanesAsJson.isoInstant(eventTime));
      node.put("windowClosedAt", FormatPanesAsJson.isoInstant(windowClosedAt));
      node.put("eventTimeBeforeCloseMs", windowClosedAt.getMillis() - eventTime.getMillis());
      return node.toString();
    }
  }

  @Override
  public PCollectionTuple expand(PCollection<T> records) {
    if (window.kind() == WindowSpec.Kind.GLOBAL) {
      // The global window never closes before the end of time: nothing is late.
      PCollection<LateRecord> none =
          records.getPipeline().apply("NoLateRecords", Create.empty(SerializableCoder.of(LateRecord.class)));
      return PCollectionTuple.of(onTime, records).and(LATE, none);
    }
    Coder<T> recordCoder = records.getCoder();
    Coder<Routed<T>> routedCoder = new RoutedCoder<>(recordCoder);
    PCollectionTuple routed =
        records
            .apply("PerKeyAndWindow", ParDo.of(new PerKeyAndWindowFn<>(window, keyOf)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), routedCoder))
            .apply(
                "CloseWindows",
                ParDo.of(new RouteFn<T>(allowedLateness, keyOf, describe, onTime))
                    .withOutputTags(onTime, TupleTagList.of(LATE)));
    routed.get(onTime).setCoder(recordCoder);
    routed.get(LATE).setCoder(SerializableCoder.of(LateRecord.class));
    return routed;
  }

  /** A record under one of its windows; {@code forward} on exactly one of them. */
  record Routed<T>(T value, long windowStart, long windowEnd, boolean forward) {}

  /** The record's own coder, then the window and the flag. */
  private static final class RoutedCoder<T> extends CustomCoder<Routed<T>> {
    private final Coder<T> recordCoder;

    RoutedCoder(Coder<T> recordCoder) {
      this.recordCoder = recordCoder;
    }

    @Override
    public void encode(Routed<T> routed, OutputStream out) throws IOException {
      recordCoder.encode(routed.value(), out);
      VarLongCoder.of().encode(routed.windowStart(), out);
      VarLongCoder.of().encode(routed.windowEnd(), out);
      BooleanCoder.of().encode(routed.forward(), out);
    }

    @Override
    public Routed<T> decode(InputStream in) throws IOException {
      return new Routed<>(
          recordCoder.decode(in), VarLongCoder.of().decode(in), VarLongCoder.of().decode(in), BooleanCoder.of().decode(in));
    }
  }

  /** Key and window of each record; the record goes on under its latest window only. */
  private static final class PerKeyAndWindowFn<T> extends DoFn<T, KV<String, Routed<T>>> {
    private final WindowSpec window;
    private final SerializableFunction<T, String> keyOf;

    PerKeyAndWindowFn(WindowSpec window, SerializableFunction<T, String> keyOf) {
      this.window = window;
      this.keyOf = keyOf;
    }

    @ProcessElement
    public void process(@Element T record, @Timestamp Instant timestamp, OutputReceiver<KV<String, Routed<T>>> out) {
      List<long[]> windows = window.windowsAt(timestamp.getMillis());
      String key = keyOf.apply(record);
      for (int i = 0; i < windows.size(); i++) {
        long[] w = windows.get(i);
        // The latest window closes last: a record late for it is late for all of them.
        boolean latest = i == windows.size() - 1;
        out.output(KV.of(key + "|" + w[0] + "|" + w[1], new Routed<>(record, w[0], w[1], latest)));
      }
    }
  }

  /**
   * How long (in event time) a closed window is remembered: records later than that are let
   * through and dropped and counted by the runner, so state does not grow without bound.
   */
  static final Duration REMEMBER_CLOSED = Duration.standardMinutes(10);

  private static final class RouteFn<T> extends DoFn<KV<String, Routed<T>>, T> {
    private final Duration allowedLateness;
    private final SerializableFunction<T, String> keyOf;
    private final SerializableFunction<T, String> describe;
    private final TupleTag<T> onTime;
    private final Counter lateRecords = Metrics.counter("eventide.lateness", "lateRecords");

    @StateId("closed")
    private final StateSpec<ValueState<Boolean>> closedSpec = StateSpecs.value(BooleanCoder.of());

    @StateId("closing")
    private final StateSpec<ValueState<Boolean>> closingSpec = StateSpecs.value(BooleanCoder.of());

    @TimerId("close")
    private final TimerSpec closeSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    /** A closed window is remembered this long after it closed, then its state is cleared. */
    @TimerId("forget")
    private final TimerSpec forgetSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    RouteFn(
        Duration allowedLateness,
        SerializableFunction<T, String> keyOf,
        SerializableFunction<T, String> describe,
        TupleTag<T> onTime) {
      this.allowedLateness = allowedLateness;
      this.keyOf = keyOf;
      this.describe = describe;
      this.onTime = onTime;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Routed<T>> element,
        @Timestamp Instant timestamp,
        @StateId("closed") ValueState<Boolean> closed,
        @StateId("closing") ValueState<Boolean> closing,
        @TimerId("close") Timer close,
        MultiOutputReceiver out) {
      Routed<T> routed = element.getValue();
      Instant closesAt = new Instant(routed.windowEnd() - 1).plus(allowedLateness);
      if (Boolean.TRUE.equals(closed.read())) {
        lateRecords.inc();
        out.get(LATE)
            .output(
                new LateRecord(
                    describe.apply(routed.value()),
                    keyOf.apply(routed.value()),
                    new Instant(routed.windowStart()),
                    new Instant(routed.windowEnd()),
                    timestamp,
                    closesAt.plus(Duration.millis(1))));
        return;
      }
      if (closing.read() == null) {
        closing.write(true);
        close.set(closesAt);
      }
      if (routed.forward()) {
        out.get(onTime).output(routed.value());
      }
    }

    @OnTimer("close")
    public void onClose(
        @Timestamp Instant closedAt, @StateId("closed") ValueState<Boolean> closed, @TimerId("forget") Timer forget) {
      closed.write(true);
      forget.set(closedAt.plus(REMEMBER_CLOSED));
    }

    @OnTimer("forget")
    public void onForget(@StateId("closed") ValueState<Boolean> closed, @StateId("closing") ValueState<Boolean> closing) {
      closed.clear();
      closing.clear();
    }
  }
}
