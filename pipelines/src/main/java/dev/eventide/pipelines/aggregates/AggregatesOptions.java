package dev.eventide.pipelines.aggregates;

import dev.eventide.pipelines.JobOptions;
import dev.eventide.pipelines.sales.SaleKeyOptions;
import dev.eventide.pipelines.sales.SalesGeneratorOptions;
import org.apache.beam.sdk.options.Description;

/** Options of the aggregates job: sum, min, max, minBy and maxBy of profit per key. */
public interface AggregatesOptions extends JobOptions, SalesGeneratorOptions, SaleKeyOptions {

  @Description(
      "File pattern of sales lines 'date,month,category,product,profit' (the summary's avg.txt). Absent:"
          + " the built-in deterministic sales generator (a stream with --generatorRatePerSecond).")
  String getInput();

  void setInput(String value);
}
