package dev.eventide.transforms.aggregate;

import dev.eventide.transforms.model.Sale;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.values.WindowingStrategy;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * The sum of profit and the count of sales per key per window: the summary's "profit per month"
 * (with {@link SaleKey#MONTH}). It works in whatever windows the sales are in, and emits one
 * result per key per pane.
 */
public final class SumProfitPerKey
    extends PTransform<PCollection<Sale>, PCollection<KV<String, ProfitSummary>>> {

  private final SaleKey key;
  private final boolean withinBundles;

  private SumProfitPerKey(SaleKey key, boolean withinBundles) {
    this.key = key;
    this.withinBundles = withinBundles;
  }

  public static SumProfitPerKey by(SaleKey key) {
    return new SumProfitPerKey(key, false);
  }

  /**
   * Sums within each bundle before the shuffle ({@link SumWithinBundlesFn}), so the window
   * operator sees one partial sum per key and window of a bundle instead of every sale. Only for
   * non-merging windows with the default trigger and the END_OF_WINDOW timestamp combiner: the
   * results are then the same, pane for pane; anything else is rejected when the pipeline is built.
   */
  public SumProfitPerKey combiningWithinBundles() {
    return new SumProfitPerKey(key, true);
  }

  @Override
  public PCollection<KV<String, ProfitSummary>> expand(PCollection<Sale> sales) {
    KeyProfitBy keyed = KeyProfitBy.of(key);
    PCollection<KV<String, Integer>> profits = sales.apply(keyed.stepName(), keyed);
    KvCoder<String, ProfitSummary> coder = KvCoder.of(StringUtf8Coder.of(), ProfitSummary.ProfitSummaryCoder.of());
    if (!withinBundles) {
      return profits
          .apply(
              "SumAndCount",
              Combine.perKey(
                  Accumulate.<Integer, ProfitSummary>of(
                      ProfitSummary.EMPTY, ProfitSummary::plus, ProfitSummary::plus, ProfitSummary.ProfitSummaryCoder.of())))
          .setCoder(coder);
    }
    requireSameResultsWhenCombinedWithinBundles(sales.getWindowingStrategy());
    return profits
        .apply("SumWithinBundles", ParDo.of(new SumWithinBundlesFn()))
        .setCoder(coder)
        .apply(
            "SumAndCount",
            Combine.perKey(
                Accumulate.<ProfitSummary, ProfitSummary>of(
                    ProfitSummary.EMPTY, ProfitSummary::plus, ProfitSummary::plus, ProfitSummary.ProfitSummaryCoder.of())))
        .setCoder(coder);
  }

  private static void requireSameResultsWhenCombinedWithinBundles(WindowingStrategy<?, ?> strategy) {
    if (!sameResultsWhenCombinedWithinBundles(strategy)) {
      throw new IllegalArgumentException(
          "summing within bundles needs non-merging windows, the default trigger, no allowed lateness and"
              + " the END_OF_WINDOW timestamp combiner; found " + strategy.getWindowFn() + ", "
              + strategy.getTrigger() + ", " + strategy.getAllowedLateness() + ", " + strategy.getTimestampCombiner());
    }
  }

  /**
   * Whether summing within bundles gives the same panes in this windowing: non-merging windows,
   * the default trigger (one on-time pane), no allowed lateness (with it, late sales of one bundle
   * would make one late pane where the FlinkRunner makes one per sale) and END_OF_WINDOW.
   */
  public static boolean sameResultsWhenCombinedWithinBundles(WindowingStrategy<?, ?> strategy) {
    return strategy.getWindowFn().isNonMerging()
        && strategy.getTrigger() instanceof DefaultTrigger
        && strategy.getAllowedLateness().getMillis() == 0
        && strategy.getTimestampCombiner() == TimestampCombiner.END_OF_WINDOW;
  }

}
