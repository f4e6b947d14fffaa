package dev.eventide.pipelines.sales;

import dev.eventide.pipelines.JobOptions;
import dev.eventide.pipelines.KafkaOptions;
import dev.eventide.pipelines.RecoveryDrillOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Options of the sales job: profit and number of sales per key per window. */
public interface SalesOptions extends JobOptions, SalesGeneratorOptions, SaleKeyOptions, KafkaOptions, RecoveryDrillOptions {

  @Description(
      "File pattern of sales lines 'date,month,category,product,profit' (date dd-MM-yyyy or an "
          + "ISO-8601 instant). Absent: the built-in deterministic generator is the source.")
  String getInput();

  void setInput(String value);

  @Description(
      "Window: fixed:<size>, sliding:<size>,<period>, session:<gap> or global (durations like "
          + "500ms, 2s, 10m, 1h, 1d). Default: global with --input, fixed:2s with the generator or Kafka.")
  String getWindow();

  void setWindow(String value);

  @Description(
      "When a window fires: default (when the watermark passes its end), afterWatermark(early=..., "
          + "late=...), afterCount(n), afterProcessingTime(d), repeat(t), count:n (Flink's "
          + "CountTrigger), processingTime:d (Flink's ProcessingTimeTrigger), afterFirst, afterAll, "
          + "afterEach, orFinally. See docs/concepts.md. Default: default.")
  String getTrigger();

  void setTrigger(String value);

  @Description(
      "Flink's evictors: none, count:<n> (keep the last n sales of the window by event time), "
          + "time:<duration> (keep sales within that span of the newest) or delta:<x> (keep sales "
          + "whose profit is within x of the newest sale's profit). Evicted sales stay out of the "
          + "window's later panes.")
  @Default.String("none")
  String getEvictor();

  void setEvictor(String value);

  @Description("Evict after the sums are taken (Flink's evictAfter) instead of before.")
  @Default.Boolean(false)
  boolean getEvictAfter();

  void setEvictAfter(boolean value);

  @Description(
      "The event time of each result: end (of its window), earliest or latest (of its sales). "
          + "It decides the window a later stage puts the result in.")
  @Default.String("end")
  String getTimestampCombiner();

  void setTimestampCombiner(String value);

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

  @Description(
      "Unbounded input only: how often (in event time) each key's running total since the job "
          + "started is reported. The totals live in keyed state and survive a savepoint. off: no"
          + " running totals.")
  @Default.String("10s")
  String getRunningTotalEvery();

  void setRunningTotalEvery(String value);

  @Description(
      "Unbounded input only: prefix of the running-total files. Default: <output>-running-totals; "
          + "logged when there is no --output.")
  @Default.InstanceFactory(OutputDashRunningTotals.class)
  String getRunningTotalsOutput();

  void setRunningTotalsOutput(String value);

  /** {@code <output>-running-totals}, or none (logged) when results are logged too. */
  class OutputDashRunningTotals implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      return JobOptions.besideOutput(options, "-running-totals");
    }
  }

  /**
   * {@code --window}; absent, {@code global} for files and {@code fixed:2s} (as in the summary) for
   * the generator or Kafka (see {@link JobOptions} for why not an annotation).
   */
  static String window(SalesOptions options) {
    return JobOptions.or(options.getWindow(), options.getInput() == null ? "fixed:2s" : "global");
  }

  /** {@code --trigger}; absent, {@code default}. */
  static String trigger(SalesOptions options) {
    return JobOptions.or(options.getTrigger(), "default");
  }
}
