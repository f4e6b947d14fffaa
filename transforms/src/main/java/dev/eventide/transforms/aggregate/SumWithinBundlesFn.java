package dev.eventide.transforms.aggregate;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;

/**
 * Sums profit and counts sales per key and window within a bundle, and hands on one partial sum
 * per key and window when the bundle ends: the "combine before the shuffle" that the FlinkRunner
 * does not do in streaming mode, so the window operator after the shuffle, whose cost is per
 * element (state and timer access), sees fewer elements. A partial sum carries its window's end as
 * its timestamp, which is the result's own under the END_OF_WINDOW timestamp combiner; so this
 * applies only to non-merging windows with the default trigger and that combiner, where the
 * results are the same with or without it.
 */
final class SumWithinBundlesFn extends DoFn<KV<String, Integer>, KV<String, ProfitSummary>> {

  private transient Map<BoundedWindow, Map<String, long[]>> partials;

  @StartBundle
  public void startBundle() {
    partials = new HashMap<>();
  }

  @ProcessElement
  public void process(@Element KV<String, Integer> sale, BoundedWindow window) {
    long[] sum = partials.computeIfAbsent(window, w -> new HashMap<>()).computeIfAbsent(sale.getKey(), k -> new long[2]);
    sum[0] += sale.getValue();
    sum[1]++;
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) {
    partials.forEach(
        (window, sums) ->
            sums.forEach(
                (key, sum) ->
                    context.output(KV.of(key, new ProfitSummary(sum[0], sum[1])), window.maxTimestamp(), window)));
    partials = null;
  }
}
