package dev.eventide.pipelines.bench;

import dev.eventide.pipelines.JobOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.StreamingOptions;

/** Options of the benchmark job: the workload of scripts/bench.sh. */
public interface BenchmarkOptions extends JobOptions, StreamingOptions {

  @Description("Number of synthetic sales, 1 ms apart in event time.")
  @Default.Long(2_000_000)
  long getEvents();

  void setEvents(long value);

  @Description("Number of product keys the sales spread over.")
  @Default.Integer(1000)
  int getKeys();

  void setKeys(int value);

  @Description("How far out of order a sale may be, in milliseconds (the watermark trails by as much).")
  @Default.Long(2000)
  long getMaxDisorderMillis();

  void setMaxDisorderMillis(long value);

  @Description(
      "Sum within each bundle before the shuffle (SumProfitPerKey.combiningWithinBundles): the window"
          + " operator then sees a partial sum per key and window of a bundle instead of every sale.")
  @Default.Boolean(true)
  boolean getCombineWithinBundles();

  void setCombineWithinBundles(boolean value);

  @Description(
      "Window: fixed:<size> or sliding:<size>,<period> (size/period windows per sale). Default: fixed:10s.")
  String getWindow();

  void setWindow(String value);

  /** {@code --window}, {@code fixed:10s} when absent (see {@link JobOptions} for why not an annotation). */
  static String window(BenchmarkOptions options) {
    return JobOptions.or(options.getWindow(), "fixed:10s");
  }
}
