package dev.eventide.pipelines.taxi;

import dev.eventide.pipelines.GeneratorOptions;
import dev.eventide.pipelines.JobOptions;
import dev.eventide.transforms.io.CabRideGenerator;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the taxi job: statistics of ongoing cab rides. */
public interface TaxiOptions extends JobOptions, GeneratorOptions {

  @Description(
      "File pattern of cab rides 'cab id,plate,cab type,driver,ongoing trip (yes/no),pickup,destination,"
          + "passengers' ('null' fields when not ongoing). Absent: the built-in deterministic generator.")
  String getInput();

  void setInput(String value);

  @Description("Number of cabs the generator's rides come from (each with its own driver).")
  @Default.Integer(20)
  int getGeneratorCabs();

  void setGeneratorCabs(int value);

  /** The generator these options describe. */
  static CabRideGenerator generator(TaxiOptions options) {
    return new CabRideGenerator(
        options.getGeneratorSeed(), options.getGeneratorCabs(), options.getGeneratorMalformedFraction());
  }
}
