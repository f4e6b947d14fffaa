package dev.eventide.pipelines.sales;

import dev.eventide.transforms.aggregate.SaleKey;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The field of a sale that a job groups by: the sales and aggregates jobs share it. */
public interface SaleKeyOptions extends PipelineOptions {

  @Description("The field results are grouped by: month, product or category.")
  @Default.String("month")
  String getKeyBy();

  void setKeyBy(String value);

  /** The field {@code --keyBy} names; an IllegalArgumentException says what is accepted. */
  static SaleKey key(SaleKeyOptions options) {
    return SaleKey.parse(options.getKeyBy());
  }
}
