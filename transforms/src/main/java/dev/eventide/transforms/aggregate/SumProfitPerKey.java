package dev.eventide.transforms.aggregate;

import dev.eventide.transforms.model.Sale;
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
        .apply(
            "SumAndCount",
            Combine.perKey(
                Accumulate.<Integer, ProfitSummary>of(
                    ProfitSummary.EMPTY, ProfitSummary::plus, ProfitSummary::plus, ProfitSummary.ProfitSummaryCoder.of())))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ProfitSummary.ProfitSummaryCoder.of()));
  }

}
