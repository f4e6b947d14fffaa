package dev.eventide.pipelines.sales;

import dev.eventide.transforms.io.SaleGenerator;
import dev.eventide.transforms.windowing.Durations;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.joda.time.Instant;

/** The built-in sales generator: how many lines, how fast, how disordered, late and broken. */
public interface SalesGeneratorOptions extends PipelineOptions {

  @Description("Number of sales lines the generator produces.")
  @Default.Long(1000)
  long getGeneratorRecords();

  void setGeneratorRecords(long value);

  @Description(
      "Generator lines per second of processing time. 0: a bounded (batch) source; above 0: an "
          + "unbounded (streaming) source with a watermark, which ends after --generatorRecords.")
  @Default.Long(0)
  long getGeneratorRatePerSecond();

  void setGeneratorRatePerSecond(long value);

  @Description("Seed of the generator: the same seed gives the same lines on any runner.")
  @Default.Long(42)
  long getGeneratorSeed();

  void setGeneratorSeed(long value);

  @Description("Event time between consecutive generated sales, e.g. 100ms.")
  @Default.String("100ms")
  String getGeneratorInterval();

  void setGeneratorInterval(String value);

  @Description(
      "How far out of order generated sales may be (the watermark trails arrivals by this much).")
  @Default.String("500ms")
  String getGeneratorMaxDisorder();

  void setGeneratorMaxDisorder(String value);

  @Description("Fraction (0 to 1) of generated sales that arrive late, beyond the disorder bound.")
  @Default.Double(0.0)
  double getGeneratorLateFraction();

  void setGeneratorLateFraction(double value);

  @Description("How much later than the disorder bound a late generated sale arrives.")
  @Default.String("5s")
  String getGeneratorLateBy();

  void setGeneratorLateBy(String value);

  @Description("Fraction (0 to 1) of generated lines that are malformed (they go to the dead letters).")
  @Default.Double(0.02)
  double getGeneratorMalformedFraction();

  void setGeneratorMalformedFraction(double value);

  /** Where generated sales start, in event time. */
  Instant GENERATOR_START = Instant.parse("2018-06-01T00:00:00Z");

  /** The generator these options describe. */
  static SaleGenerator generator(SalesGeneratorOptions options) {
    return new SaleGenerator(
        options.getGeneratorSeed(),
        GENERATOR_START,
        Durations.parse(options.getGeneratorInterval()).getMillis(),
        Durations.parse(options.getGeneratorMaxDisorder()).getMillis(),
        options.getGeneratorLateFraction(),
        Durations.parse(options.getGeneratorLateBy()).getMillis(),
        options.getGeneratorMalformedFraction());
  }
}
