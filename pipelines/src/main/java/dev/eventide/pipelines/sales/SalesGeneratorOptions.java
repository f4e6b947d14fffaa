package dev.eventide.pipelines.sales;

import dev.eventide.transforms.io.SaleGenerator;
import dev.eventide.transforms.windowing.Durations;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import dev.eventide.pipelines.GeneratorOptions;

/** The built-in sales generator: besides the common generator options, how many sales are late. */
public interface SalesGeneratorOptions extends GeneratorOptions {

  @Description("Fraction (0 to 1) of generated sales that arrive late, beyond the disorder bound.")
  @Default.Double(0.0)
  double getGeneratorLateFraction();

  void setGeneratorLateFraction(double value);

  @Description("How much later than the disorder bound a late generated sale arrives.")
  @Default.String("5s")
  String getGeneratorLateBy();

  void setGeneratorLateBy(String value);

  /** The generator these options describe. */
  static SaleGenerator generator(SalesGeneratorOptions options) {
    return generator(options, options.getGeneratorSeed());
  }

  /** The generator these options describe, with another seed (the sql job's n-th table). */
  static SaleGenerator generator(SalesGeneratorOptions options, long seed) {
    return new SaleGenerator(
        seed,
        GENERATOR_START,
        Durations.parse(options.getGeneratorInterval()).getMillis(),
        Durations.parse(options.getGeneratorMaxDisorder()).getMillis(),
        options.getGeneratorLateFraction(),
        Durations.parse(options.getGeneratorLateBy()).getMillis(),
        options.getGeneratorMalformedFraction());
  }
}
