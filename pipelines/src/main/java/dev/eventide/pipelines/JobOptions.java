package dev.eventide.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The outputs every Eventide job has: results and dead letters, as JSON Lines or log lines.
 *
 * <p>A note for options of several jobs that share a name ({@code --window}, {@code --trigger}):
 * Beam refuses a property whose getters in the options interfaces known to one JVM are not all
 * marked with the same {@code @Default}. Their defaults differ per job, so no job marks them: each
 * says its default in the description and resolves it with {@link #or}.
 */
public interface JobOptions extends PipelineOptions {

  @Description(
      "Prefix of the JSON Lines result files (<prefix>-00000-of-00001.jsonl). Absent: results are logged.")
  String getOutput();

  void setOutput(String value);

  @Description(
      "Prefix of the dead-letter files, one {\"input\",\"error\"} line per rejected record. "
          + "Default: <output>-dead-letter; logged when there is no --output.")
  @Default.InstanceFactory(OutputDashDeadLetter.class)
  String getDeadLetterOutput();

  void setDeadLetterOutput(String value);

  @Description(
      "Wait until the job ends. false: return once it is submitted (a detached submission to a "
          + "cluster, --attachedMode=false on the FlinkRunner).")
  @Default.Boolean(true)
  boolean getWaitUntilFinish();

  void setWaitUntilFinish(boolean value);

  @Description(
      "Unbounded input only: prefix of the late-record files, one line per record that came after "
          + "its window closed (end + allowed lateness), with the window it missed. Default: "
          + "<output>-late; logged when there is no --output.")
  @Default.InstanceFactory(OutputDashLate.class)
  String getLateOutput();

  void setLateOutput(String value);

  /** {@code value}, or {@code fallback} when the option was not given. */
  static String or(String value, String fallback) {
    return value == null ? fallback : value;
  }

  /** {@code <output>-late}, or none (logged) when results are logged too. */
  class OutputDashLate implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      return besideOutput(options, "-late");
    }
  }

  /** {@code <output><suffix>}, or none (logged) when results are logged too. */
  static String besideOutput(PipelineOptions options, String suffix) {
    String output = options.as(JobOptions.class).getOutput();
    return output == null || output.isBlank() ? null : output + suffix;
  }

  /** {@code <output>-dead-letter}, or none (logged) when results are logged too. */
  class OutputDashDeadLetter implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      return besideOutput(options, "-dead-letter");
    }
  }
}
