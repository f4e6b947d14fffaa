package dev.eventide.pipelines.bench;

import dev.eventide.pipelines.Job;
import dev.eventide.pipelines.Launcher;
import dev.eventide.transforms.aggregate.SaleKey;
import dev.eventide.transforms.aggregate.SumProfitPerKey;
import dev.eventide.transforms.bench.CountResults;
import dev.eventide.transforms.bench.GenerateSyntheticSales;
import dev.eventide.transforms.bench.SyntheticSales;
import dev.eventide.transforms.windowing.ApplyWindowing;
import dev.eventide.transforms.windowing.WindowSpec;
import org.apache.beam.sdk.Pipeline;

/**
 * The sales job's core as scripts/bench.sh measures it: synthetic sales (bounded, or a stream at
 * full speed with --streaming=true) → event-time windows → sum of profit and count per product →
 * a sink that only counts. Its counters ({@code bench.results}, {@code bench.checksum}, ...) are
 * logged when it ends, with the time it ran.
 */
public final class BenchmarkJob implements Job<BenchmarkOptions> {

  public static void main(String[] args) {
    Launcher.mainOf(new BenchmarkJob(), args);
  }

  @Override
  public String name() {
    return "benchmark";
  }

  @Override
  public String description() {
    return "the sales job's core on synthetic sales, for scripts/bench.sh: sum and count per product per window";
  }

  @Override
  public Class<BenchmarkOptions> optionsClass() {
    return BenchmarkOptions.class;
  }

  @Override
  public void build(Pipeline pipeline, BenchmarkOptions options) {
    WindowSpec window = WindowSpec.parse(BenchmarkOptions.window(options));
    if (window.kind() != WindowSpec.Kind.FIXED && window.kind() != WindowSpec.Kind.SLIDING) {
      throw new IllegalArgumentException("the benchmark's window is fixed:<size> or sliding:<size>,<period>");
    }
    SyntheticSales workload = new SyntheticSales(options.getEvents(), options.getKeys(), 1, options.getMaxDisorderMillis());
    pipeline
        .apply(
            "SyntheticSales",
            options.isStreaming() ? GenerateSyntheticSales.unbounded(workload) : GenerateSyntheticSales.bounded(workload))
        .apply("Window", ApplyWindowing.of(window))
        .apply(
            "SumProfitPerProduct",
            options.getCombineWithinBundles()
                ? SumProfitPerKey.by(SaleKey.PRODUCT).combiningWithinBundles()
                : SumProfitPerKey.by(SaleKey.PRODUCT))
        .apply("CountResults", CountResults.create());
  }
}
