package dev.eventide.pipelines;

import dev.eventide.transforms.io.GenerateLines;
import dev.eventide.transforms.io.LineGenerator;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.joda.time.Instant;

/**
 * What every job's built-in generator shares: how many records, how fast, how disordered and
 * how broken. One interface, so jobs agree on the options' defaults (Beam rejects a property
 * declared twice with different defaults).
 */
public interface GeneratorOptions extends PipelineOptions {

  @Description("Number of records (lines) the generator produces.")
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

  @Description("Event time between consecutive generated records, e.g. 100ms.")
  @Default.String("100ms")
  String getGeneratorInterval();

  void setGeneratorInterval(String value);

  @Description(
      "How far out of order generated records may be (the watermark trails arrivals by this much).")
  @Default.String("500ms")
  String getGeneratorMaxDisorder();

  void setGeneratorMaxDisorder(String value);

  @Description("Fraction (0 to 1) of generated lines that are malformed (they go to the dead letters).")
  @Default.Double(0.02)
  double getGeneratorMalformedFraction();

  void setGeneratorMalformedFraction(double value);

  /**
   * {@code count} lines of {@code generator}: a bounded source without a rate, an unbounded one
   * (with a watermark) at {@code --generatorRatePerSecond}.
   */
  static GenerateLines lines(GeneratorOptions options, LineGenerator generator, long count) {
    return options.getGeneratorRatePerSecond() > 0
        ? GenerateLines.unbounded(generator, count, options.getGeneratorRatePerSecond())
        : GenerateLines.bounded(generator, count);
  }

  /**
   * Whether a job's input is bounded: its files ({@code files} given), else its topic (unbounded),
   * else the generator, bounded without a rate.
   */
  static boolean boundedInput(GeneratorOptions options, String files, String topic) {
    return files != null || topic == null && options.getGeneratorRatePerSecond() <= 0;
  }

  /** Where generated records start, in event time. */
  Instant GENERATOR_START = Instant.parse("2018-06-01T00:00:00Z");
}
