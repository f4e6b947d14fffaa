package dev.eventide.transforms.state;

import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.MapState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.TimerMap;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Per key, the entries seen within a time-to-live of event time, each entry expiring on its own:
 * the devices still reporting per site, the cards a customer used lately. Flink keeps this in a
 * {@code MapState} with a per-entry TTL; here the entries are a {@link MapState} and each has its
 * own timer in a timer family ({@link TimerMap}), named by the entry.
 *
 * <p>Input: {@code KV<key, KV<entry, value>>}; an entry's latest value (by event time) is kept and
 * its time-to-live runs from its latest event time. Output: the key's live entries, sorted by
 * entry, after each change: when an entry is added or changes value, and when one expires (at
 * its expiry time). Expired entries are counted in {@code eventide.ttl/expiredEntries}.
 */
public final class LiveEntriesPerKey<V> extends PTransform<PCollection<KV<String, KV<String, V>>>, PCollection<KV<String, Map<String, V>>>> {

  private final Duration timeToLive;

  private LiveEntriesPerKey(Duration timeToLive) {
    if (!timeToLive.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException("the time-to-live must be above 0, not " + timeToLive);
    }
    this.timeToLive = timeToLive;
  }

  /** Entries live for {@code timeToLive} of event time after their latest value. */
  public static <V> LiveEntriesPerKey<V> expiringAfter(Duration timeToLive) {
    return new LiveEntriesPerKey<>(timeToLive);
  }

  @Override
  public PCollection<KV<String, Map<String, V>>> expand(PCollection<KV<String, KV<String, V>>> entries) {
    @SuppressWarnings("unchecked")
    Coder<V> valueCoder = ((KvCoder<String, V>) ((KvCoder<String, KV<String, V>>) entries.getCoder()).getValueCoder()).getValueCoder();
    return entries
        .apply("AcrossWindows", Window.into(new GlobalWindows()))
        .apply("KeepLiveEntries", ParDo.of(new LiveFn<>(valueCoder, timeToLive)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), MapCoder.of(StringUtf8Coder.of(), valueCoder)));
  }

  /** An entry's value and the event time it was last seen. */
  private static final class LiveFn<V> extends DoFn<KV<String, KV<String, V>>, KV<String, Map<String, V>>> {
    private final Duration timeToLive;
    private final Counter expiredEntries = Metrics.counter(ExpiringState.COUNTERS, "expiredEntries");

    @StateId("entries")
    private final StateSpec<MapState<String, V>> entriesSpec;

    @StateId("seenAt")
    private final StateSpec<MapState<String, Instant>> seenAtSpec = StateSpecs.map(StringUtf8Coder.of(), org.apache.beam.sdk.coders.InstantCoder.of());

    @TimerFamily("expire")
    private final TimerSpec expireSpec = TimerSpecs.timerMap(TimeDomain.EVENT_TIME);

    LiveFn(Coder<V> valueCoder, Duration timeToLive) {
      this.timeToLive = timeToLive;
      this.entriesSpec = StateSpecs.map(StringUtf8Coder.of(), valueCoder);
    }

    @ProcessElement
    public void process(
        @Element KV<String, KV<String, V>> element,
        @Timestamp Instant timestamp,
        @StateId("entries") MapState<String, V> entries,
        @StateId("seenAt") MapState<String, Instant> seenAt,
        @TimerFamily("expire") TimerMap expire,
        OutputReceiver<KV<String, Map<String, V>>> out) {
      String entry = element.getValue().getKey();
      Instant last = seenAt.get(entry).read();
      boolean live = last != null && last.plus(timeToLive).isAfter(timestamp);
      if (live && !timestamp.isAfter(last)) {
        return; // an older value of a live entry: the latest one stays
      }
      if (last != null && !live) {
        // Expired as of this value, though the watermark has not fired its timer yet.
        expiredEntries.inc();
      }
      V before = live ? entries.get(entry).read() : null;
      entries.put(entry, element.getValue().getValue());
      seenAt.put(entry, timestamp);
      // Named by the entry; setting it again moves it. It holds the watermark at the expiry, the
      // timestamp of the snapshot it emits.
      expire.get(entry).set(timestamp.plus(timeToLive));
      if (before == null || !before.equals(element.getValue().getValue())) {
        out.output(KV.of(element.getKey(), snapshot(entries)));
      }
    }

    @OnTimerFamily("expire")
    public void onExpire(
        @TimerId String entry,
        @Timestamp Instant firedAt,
        @Key String key,
        @StateId("entries") MapState<String, V> entries,
        @StateId("seenAt") MapState<String, Instant> seenAt,
        OutputReceiver<KV<String, Map<String, V>>> out) {
      Instant last = seenAt.get(entry).read();
      if (last == null || last.plus(timeToLive).isAfter(firedAt)) {
        return;
      }
      entries.remove(entry);
      seenAt.remove(entry);
      expiredEntries.inc();
      out.output(KV.of(key, snapshot(entries)));
    }

    private static <V> Map<String, V> snapshot(MapState<String, V> entries) {
      Map<String, V> live = new TreeMap<>();
      for (Map.Entry<String, V> e : entries.entries().read()) {
        live.put(e.getKey(), e.getValue());
      }
      return live;
    }
  }
}
