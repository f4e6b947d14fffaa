package dev.eventide.pipelines.sales;

import dev.eventide.pipelines.JobOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Options of the sales job: profit and number of sales per key per window. */
public interface SalesOptions extends JobOptions {

  @Description(
      "File pattern of sales lines 'date,month,category,product,profit' (date dd-MM-yyyy or an "
          + "ISO-8601 instant). Absent: the built-in deterministic generator is the source.")
  String getInput();

  void setInput(String value);

  @Description("The field results are grouped by: month, product or category.")
  @Default.String("month")
  String getKeyBy();

  void setKeyBy(String value);

  @Description(
      "Window: fixed:<size>, sliding:<size>,<period>, session:<gap> or global (durations like "
          + "500ms, 2s, 10m, 1h, 1d). Default: global with --input, fixed:2s with the generator.")
  @Default.InstanceFactory(WindowDefault.class)
  String getWindow();

  void setWindow(String value);

  @Description("How long after the end of a window late records still update it (e.g. 0, 5s, 1m).")
  @Default.String("0")
  String getAllowedLateness();

  void setAllowedLateness(String value);

  @Description(
      "accumulating: every pane of a window holds its whole result so far (Flink's behaviour); "
          + "discarding: each pane holds only what arrived since the previous pane.")
  @Default.String("accumulating")
  String getAccumulation();

  void setAccumulation(String value);

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

  /** {@code global} for a file, {@code fixed:2s} (as in the summary) for the generator. */
  class WindowDefault implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      return options.as(SalesOptions.class).getInput() == null ? "fixed:2s" : "global";
    }
  }
}
