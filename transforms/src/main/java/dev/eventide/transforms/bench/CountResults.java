package dev.eventide.transforms.bench;

import dev.eventide.transforms.aggregate.ProfitSummary;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * The benchmark's sink: it only counts. Counters in {@value #NAMESPACE}: {@code results}, {@code
 * profit} and {@code count} (totals over all results) and {@code checksum} (see {@link
 * SyntheticSales#checksum}), which every implementation must agree on.
 */
public final class CountResults extends PTransform<PCollection<KV<String, ProfitSummary>>, PDone> {

  public static final String NAMESPACE = "eventide.bench";

  private CountResults() {}

  public static CountResults create() {
    return new CountResults();
  }

  @Override
  public PDone expand(PCollection<KV<String, ProfitSummary>> results) {
    results.apply("Count", ParDo.of(new CountFn()));
    return PDone.in(results.getPipeline());
  }

  private static final class CountFn extends DoFn<KV<String, ProfitSummary>, Void> {
    private final Counter results = Metrics.counter(NAMESPACE, "results");
    private final Counter profit = Metrics.counter(NAMESPACE, "profit");
    private final Counter count = Metrics.counter(NAMESPACE, "count");
    private final Counter checksum = Metrics.counter(NAMESPACE, "checksum");

    @ProcessElement
    public void process(@Element KV<String, ProfitSummary> result, BoundedWindow window) {
      ProfitSummary sum = result.getValue();
      results.inc();
      profit.inc(sum.profit());
      count.inc(sum.count());
      // The end of the window, as Flink's TimeWindow.getEnd() has it (exclusive).
      checksum.inc(SyntheticSales.checksum(result.getKey(), window.maxTimestamp().getMillis() + 1, sum.profit(), sum.count()));
    }
  }
}
