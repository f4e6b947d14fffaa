package dev.eventide.transforms.windowing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reify;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TimestampedValue.TimestampedValueCoder;

/**
 * A window function with a Flink evictor, per key and pane: the window's elements (minus those
 * evicted by earlier firings) go through the evictor before the function ({@link #before}) or
 * after it ({@link #after}), and what the evictor removes stays removed for the window's later
 * panes, as it does from a Flink window's state. The input's windowing and trigger decide the
 * panes; with discarding panes each pane holds only its new elements anyway.
 */
public final class EvictThenApply<K, V, R> extends PTransform<PCollection<KV<K, V>>, PCollection<KV<K, R>>> {

  private final Evictor<V> evictor;
  private final boolean evictBefore;
  private final SerializableFunction<List<V>, R> windowFunction;
  private final Coder<R> resultCoder;

  private EvictThenApply(
      Evictor<V> evictor, boolean evictBefore, SerializableFunction<List<V>, R> windowFunction, Coder<R> resultCoder) {
    this.evictor = evictor;
    this.evictBefore = evictBefore;
    this.windowFunction = windowFunction;
    this.resultCoder = resultCoder;
  }

  /** Evict, then apply the function to what is left (Flink's {@code evictBefore}). */
  public static <K, V, R> EvictThenApply<K, V, R> before(
      Evictor<V> evictor, SerializableFunction<List<V>, R> windowFunction, Coder<R> resultCoder) {
    return new EvictThenApply<>(evictor, true, windowFunction, resultCoder);
  }

  /** Apply the function to all, then evict for the later panes (Flink's {@code evictAfter}). */
  public static <K, V, R> EvictThenApply<K, V, R> after(
      Evictor<V> evictor, SerializableFunction<List<V>, R> windowFunction, Coder<R> resultCoder) {
    return new EvictThenApply<>(evictor, false, windowFunction, resultCoder);
  }

  @Override
  public PCollection<KV<K, R>> expand(PCollection<KV<K, V>> input) {
    KvCoder<K, V> inputCoder = (KvCoder<K, V>) input.getCoder();
    Coder<TimestampedValue<V>> timestamped = TimestampedValueCoder.of(inputCoder.getValueCoder());
    return input
        .apply("WithTimestamps", Reify.timestampsInValue())
        .apply("GroupPanes", GroupByKey.create())
        .apply(
            "EvictAndApply",
            ParDo.of(new EvictFn<K, V, R>(evictor, evictBefore, windowFunction, timestamped)))
        .setCoder(KvCoder.of(inputCoder.getKeyCoder(), resultCoder));
  }

  private static final class EvictFn<K, V, R>
      extends DoFn<KV<K, Iterable<TimestampedValue<V>>>, KV<K, R>> {
    private final Evictor<V> evictor;
    private final boolean evictBefore;
    private final SerializableFunction<List<V>, R> windowFunction;
    private final Coder<TimestampedValue<V>> elementCoder;

    /** What earlier firings of this key and window evicted. */
    @StateId("evicted")
    private final StateSpec<BagState<TimestampedValue<V>>> evictedSpec;

    EvictFn(
        Evictor<V> evictor,
        boolean evictBefore,
        SerializableFunction<List<V>, R> windowFunction,
        Coder<TimestampedValue<V>> elementCoder) {
      this.evictor = evictor;
      this.evictBefore = evictBefore;
      this.windowFunction = windowFunction;
      this.elementCoder = elementCoder;
      this.evictedSpec = StateSpecs.bag(elementCoder);
    }

    @ProcessElement
    public void process(
        @Element KV<K, Iterable<TimestampedValue<V>>> pane,
        @StateId("evicted") BagState<TimestampedValue<V>> evicted,
        OutputReceiver<KV<K, R>> out) {
      List<TimestampedValue<V>> window = minus(pane.getValue(), evicted.read());
      window.sort(Comparator.comparing(TimestampedValue::getTimestamp));
      List<TimestampedValue<V>> applied = evictBefore ? evictor.keep(window) : window;
      out.output(KV.of(pane.getKey(), windowFunction.apply(applied.stream().map(TimestampedValue::getValue).toList())));
      List<TimestampedValue<V>> kept = evictBefore ? applied : evictor.keep(window);
      for (TimestampedValue<V> gone : minus(window, kept)) {
        evicted.add(gone);
      }
    }

    /** The elements of {@code all} that are not in {@code removed}, counting duplicates. */
    private List<TimestampedValue<V>> minus(
        Iterable<TimestampedValue<V>> all, Iterable<TimestampedValue<V>> removed) {
      Map<String, Integer> toRemove = new HashMap<>();
      for (TimestampedValue<V> r : removed) {
        toRemove.merge(identity(r), 1, Integer::sum);
      }
      List<TimestampedValue<V>> left = new ArrayList<>();
      for (TimestampedValue<V> e : all) {
        String id = identity(e);
        Integer n = toRemove.get(id);
        if (n != null && n > 0) {
          toRemove.put(id, n - 1);
        } else {
          left.add(e);
        }
      }
      return left;
    }

    private String identity(TimestampedValue<V> element) {
      try {
        return CoderUtils.encodeToBase64(elementCoder, element);
      } catch (org.apache.beam.sdk.coders.CoderException e) {
        throw new IllegalStateException("cannot encode a window element", e);
      }
    }
  }
}
