package dev.eventide.transforms.state;

import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
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
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Keeps the first record of each id and drops the others that come within a time-to-live of it,
 * counting them ({@code eventide.dedup/duplicates}), so a replayed or redelivered record is
 * processed once. The id is forgotten by a timer once the time-to-live has passed, in event time
 * (from the first record's timestamp, as the watermark passes) or in processing time (from when it
 * was seen), so state does not grow without bound. The timer holds no watermark.
 *
 * <p>Apply it before windowing: it works across windows, and its output is in the global window.
 */
public final class DeduplicateById<T> extends PTransform<PCollection<T>, PCollection<T>> {

  private final SerializableFunction<T, String> idOf;
  private final Duration timeToLive;
  private final TimeDomain timeDomain;

  private DeduplicateById(SerializableFunction<T, String> idOf, Duration timeToLive, TimeDomain timeDomain) {
    this.idOf = idOf;
    this.timeToLive = timeToLive;
    this.timeDomain = timeDomain;
  }

  /** Ids are remembered for {@code timeToLive} of event time after their first record. */
  public static <T> DeduplicateById<T> of(SerializableFunction<T, String> idOf, Duration timeToLive) {
    return new DeduplicateById<>(idOf, timeToLive, TimeDomain.EVENT_TIME);
  }

  /** Ids are remembered for the time-to-live in processing time instead. */
  public DeduplicateById<T> inProcessingTime() {
    return new DeduplicateById<>(idOf, timeToLive, TimeDomain.PROCESSING_TIME);
  }

  @Override
  public PCollection<T> expand(PCollection<T> records) {
    Coder<T> coder = records.getCoder();
    return records
        .apply("AcrossWindows", Window.into(new GlobalWindows()))
        .apply("ById", WithKeys.of(idOf).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), coder))
        .apply("FirstOfEachId", ParDo.of(new FirstFn<T>(timeToLive, timeDomain)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), coder))
        .apply("Records", Values.create())
        .setCoder(coder);
  }

  private static final class FirstFn<T> extends DoFn<KV<String, T>, KV<String, T>> {
    private final Duration timeToLive;
    private final Counter duplicates = Metrics.counter("eventide.dedup", "duplicates");

    @StateId("seen")
    private final StateSpec<ValueState<Boolean>> seenSpec = StateSpecs.value(BooleanCoder.of());

    @TimerId("forget")
    private final TimerSpec forgetSpec;

    FirstFn(Duration timeToLive, TimeDomain timeDomain) {
      this.timeToLive = timeToLive;
      this.forgetSpec = TimerSpecs.timer(timeDomain);
    }

    @ProcessElement
    public void process(
        @Element KV<String, T> record,
        @StateId("seen") ValueState<Boolean> seen,
        @TimerId("forget") Timer forget,
        OutputReceiver<KV<String, T>> out) {
      if (seen.read() != null) {
        duplicates.inc();
        return;
      }
      seen.write(true);
      // Relative to the record's timestamp (event time) or now (processing time); it outputs
      // nothing, so it must not hold the watermark back for the whole time-to-live.
      forget.offset(timeToLive).withNoOutputTimestamp().setRelative();
      out.output(record);
    }

    @OnTimer("forget")
    public void onForget(@StateId("seen") ValueState<Boolean> seen) {
      seen.clear();
    }
  }
}
