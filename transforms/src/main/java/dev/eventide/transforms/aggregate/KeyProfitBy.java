package dev.eventide.transforms.aggregate;

import dev.eventide.transforms.model.Sale;
import java.util.Locale;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/** Each sale as (its key, its profit): what every per-key aggregation of sales starts from. */
public final class KeyProfitBy extends PTransform<PCollection<Sale>, PCollection<KV<String, Integer>>> {

  private final SaleKey key;

  private KeyProfitBy(SaleKey key) {
    this.key = key;
  }

  public static KeyProfitBy of(SaleKey key) {
    return new KeyProfitBy(key);
  }

  /** The step's name: {@code KeyBy month}. */
  public String stepName() {
    return "KeyBy " + key.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public PCollection<KV<String, Integer>> expand(PCollection<Sale> sales) {
    SaleKey field = key;
    return sales
        .apply(
            "ToKeyAndProfit",
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.integers()))
                .via((Sale sale) -> KV.of(field.of(sale), sale.profit())))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of()));
  }
}
