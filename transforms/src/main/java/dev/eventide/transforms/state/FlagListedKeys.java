package dev.eventide.transforms.state;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.CombiningState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;

/**
 * The records whose key is on a reference list (alarmed customers, lost cards) as of the
 * record's event time. The list is a stream of keys, each listed from its own timestamp (from the
 * start of time for a file), and may grow while the job runs: Beam's counterpart of Flink's
 * broadcast state, held here as keyed state under the same key as the records it judges, so it
 * scales with the list and needs no side-input refresh.
 *
 * <p>A record whose key is already listed at its time is flagged at once. Any other record waits,
 * in state, until the watermark passes its time, so that a listing stamped no later than the
 * record but arriving after it still counts; then it is flagged or let go. The earliest listing
 * time is a {@link CombiningState} (a minimum).
 */
public final class FlagListedKeys<T> extends PTransform<PCollection<T>, PCollection<T>> {

  private final SerializableFunction<T, String> keyOf;
  private final PCollection<String> listed;

  private FlagListedKeys(SerializableFunction<T, String> keyOf, PCollection<String> listed) {
    this.keyOf = keyOf;
    this.listed = listed;
  }

  /** Records whose {@code keyOf} is among {@code listed} by the record's time. */
  public static <T> FlagListedKeys<T> whoseKey(SerializableFunction<T, String> keyOf, PCollection<String> listed) {
    return new FlagListedKeys<>(keyOf, listed);
  }

  @Override
  public PCollection<T> expand(PCollection<T> records) {
    Coder<T> coder = records.getCoder();
    KvCoder<String, T> entryCoder = KvCoder.of(StringUtf8Coder.of(), NullableCoder.of(coder));
    SerializableFunction<T, String> key = keyOf;
    PCollection<KV<String, T>> keyedRecords =
        records
            .apply("RecordsAcrossWindows", Window.into(new GlobalWindows()))
            .apply("ByKey", MapElements.via(new KeyRecord<>(key)))
            .setCoder(entryCoder);
    // A listing is an entry without a record.
    PCollection<KV<String, T>> listings =
        listed
            .apply("ListAcrossWindows", Window.into(new GlobalWindows()))
            .apply("Listings", MapElements.into(new TypeDescriptor<KV<String, T>>() {}).via((String k) -> KV.of(k, (T) null)))
            .setCoder(entryCoder);
    return PCollectionList.of(keyedRecords)
        .and(listings)
        .apply("RecordsAndListings", Flatten.pCollections())
        .apply("FlagListed", ParDo.of(new FlagFn<>(coder)))
        .setCoder(coder);
  }

  private static final class KeyRecord<T> extends org.apache.beam.sdk.transforms.SimpleFunction<T, KV<String, T>> {
    private final SerializableFunction<T, String> keyOf;

    KeyRecord(SerializableFunction<T, String> keyOf) {
      this.keyOf = keyOf;
    }

    @Override
    public KV<String, T> apply(T record) {
      return KV.of(keyOf.apply(record), record);
    }
  }

  private static final class FlagFn<T> extends DoFn<KV<String, T>, T> {

    @StateId("listedSince")
    private final StateSpec<CombiningState<Long, Long, Long>> listedSinceSpec =
        StateSpecs.combining(VarLongCoder.of(), new Earliest());

    @StateId("waiting")
    private final StateSpec<BagState<TimestampedValue<T>>> waitingSpec;

    @StateId("checkAt")
    private final StateSpec<ValueState<Instant>> checkAtSpec = StateSpecs.value(org.apache.beam.sdk.coders.InstantCoder.of());

    @TimerId("check")
    private final TimerSpec checkSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    FlagFn(Coder<T> coder) {
      this.waitingSpec = StateSpecs.bag(TimestampedValue.TimestampedValueCoder.of(coder));
    }

    @ProcessElement
    public void process(
        @Element KV<String, T> entry,
        @Timestamp Instant time,
        @StateId("listedSince") CombiningState<Long, Long, Long> listedSince,
        @StateId("waiting") BagState<TimestampedValue<T>> waiting,
        @StateId("checkAt") ValueState<Instant> checkAt,
        @TimerId("check") Timer check,
        OutputReceiver<T> out) {
      if (entry.getValue() == null) {
        listedSince.add(time.getMillis());
        return;
      }
      if (listedSince.read() <= time.getMillis()) {
        out.output(entry.getValue());
        return;
      }
      waiting.add(TimestampedValue.of(entry.getValue(), time));
      Instant at = checkAt.read();
      if (at == null || time.isBefore(at)) {
        checkAt.write(time);
        check.withOutputTimestamp(time).set(time);
      }
    }

    @OnTimer("check")
    public void onCheck(
        @Timestamp Instant now,
        @StateId("listedSince") CombiningState<Long, Long, Long> listedSince,
        @StateId("waiting") BagState<TimestampedValue<T>> waiting,
        @StateId("checkAt") ValueState<Instant> checkAt,
        @TimerId("check") Timer check,
        OutputReceiver<T> out) {
      long since = listedSince.read();
      List<TimestampedValue<T>> later = new ArrayList<>();
      Instant next = null;
      for (TimestampedValue<T> record : waiting.read()) {
        if (record.getTimestamp().isAfter(now)) {
          later.add(record);
          next = next == null || record.getTimestamp().isBefore(next) ? record.getTimestamp() : next;
        } else if (since <= record.getTimestamp().getMillis()) {
          out.outputWithTimestamp(record.getValue(), record.getTimestamp());
        }
      }
      waiting.clear();
      later.forEach(waiting::add);
      if (next == null) {
        checkAt.clear();
      } else {
        checkAt.write(next);
        check.withOutputTimestamp(next).set(next);
      }
    }
  }

  /** The earliest of some instants (millis); {@link Long#MAX_VALUE} when there are none. */
  static final class Earliest extends Combine.CombineFn<Long, Long, Long> {
    @Override
    public Long createAccumulator() {
      return Long.MAX_VALUE;
    }

    @Override
    public Long addInput(Long earliest, Long time) {
      return Math.min(earliest, time);
    }

    @Override
    public Long mergeAccumulators(Iterable<Long> all) {
      long earliest = Long.MAX_VALUE;
      for (long t : all) {
        earliest = Math.min(earliest, t);
      }
      return earliest;
    }

    @Override
    public Long extractOutput(Long earliest) {
      return earliest;
    }
  }
}
