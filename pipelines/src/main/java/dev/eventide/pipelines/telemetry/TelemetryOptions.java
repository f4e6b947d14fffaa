package dev.eventide.pipelines.telemetry;

import dev.eventide.pipelines.GeneratorOptions;
import dev.eventide.pipelines.JobOptions;
import dev.eventide.pipelines.KafkaOptions;
import dev.eventide.pipelines.RecoveryDrillOptions;
import dev.eventide.transforms.io.ReadingGenerator;
import dev.eventide.transforms.windowing.Durations;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the telemetry job: minimum, maximum and average reading per device per window. */
public interface TelemetryOptions extends JobOptions, GeneratorOptions, KafkaOptions, RecoveryDrillOptions {

  @Description(
      "File pattern of readings 'time,device,value' (time an ISO-8601 instant). Absent: --inputTopic,"
          + " or else the built-in deterministic generator.")
  String getInput();

  void setInput(String value);

  @Description("Window: fixed:<size>, sliding:<size>,<period>, session:<gap> or global. Default: fixed:10s.")
  String getWindow();

  void setWindow(String value);

  @Description("How long after the end of a window late readings still update it (e.g. 0, 5s).")
  @Default.String("0")
  String getAllowedLateness();

  void setAllowedLateness(String value);

  @Description("Number of devices the generator's readings come from (sensor-0, sensor-1, ...).")
  @Default.Integer(5)
  int getGeneratorDevices();

  void setGeneratorDevices(int value);

  /** {@code --window}, {@code fixed:10s} when absent (see {@link JobOptions} for why not an annotation). */
  static String window(TelemetryOptions options) {
    return JobOptions.or(options.getWindow(), "fixed:10s");
  }

  /** The generator these options describe. */
  static ReadingGenerator generator(TelemetryOptions options) {
    return generator(options, options.getGeneratorSeed(), options.getGeneratorDevices());
  }

  /** Readings from any job's generator options, with a seed and devices (the sql job's tables). */
  static ReadingGenerator generator(GeneratorOptions options, long seed, int devices) {
    return new ReadingGenerator(
        seed,
        GENERATOR_START,
        Durations.parse(options.getGeneratorInterval()).getMillis(),
        Durations.parse(options.getGeneratorMaxDisorder()).getMillis(),
        options.getGeneratorMalformedFraction(),
        devices);
  }
}
