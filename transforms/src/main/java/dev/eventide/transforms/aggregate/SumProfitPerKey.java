package dev.eventide.transforms.aggregate;

import dev.eventide.transforms.model.Sale;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.PTransform;
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

  private SumProfitPerKey(SaleKey key) {
    this.key = key;
  }

  public static SumProfitPerKey by(SaleKey key) {
    return new SumProfitPerKey(key);
  }

  @Override
  public PCollection<KV<String, ProfitSummary>> expand(PCollection<Sale> sales) {
    KeyProfitBy keyed = KeyProfitBy.of(key);
    return sales
        .apply(keyed.stepName(), keyed)
        .apply("SumAndCount", Combine.perKey(new SumAndCountFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ProfitSummary.ProfitSummaryCoder.of()));
  }

  /** Sums profits and counts sales; the accumulator is the summary itself. */
  static final class SumAndCountFn extends Combine.CombineFn<Integer, ProfitSummary, ProfitSummary> {
    @Override
    public ProfitSummary createAccumulator() {
      return ProfitSummary.EMPTY;
    }

    @Override
    public ProfitSummary addInput(ProfitSummary accumulator, Integer profit) {
      return accumulator.plus(profit);
    }

    @Override
    public ProfitSummary mergeAccumulators(Iterable<ProfitSummary> accumulators) {
      ProfitSummary total = ProfitSummary.EMPTY;
      for (ProfitSummary a : accumulators) {
        total = total.plus(a);
      }
      return total;
    }

    @Override
    public ProfitSummary extractOutput(ProfitSummary accumulator) {
      return accumulator;
    }

    @Override
    public Coder<ProfitSummary> getAccumulatorCoder(CoderRegistry registry, Coder<Integer> input)
        throws CannotProvideCoderException {
      return ProfitSummary.ProfitSummaryCoder.of();
    }

    @Override
    public Coder<ProfitSummary> getDefaultOutputCoder(CoderRegistry registry, Coder<Integer> input) {
      return ProfitSummary.ProfitSummaryCoder.of();
    }
  }
}
