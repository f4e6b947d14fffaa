package dev.eventide.pipelines;

import dev.eventide.transforms.faults.FailOnceAt;
import java.nio.file.Path;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/** A recovery drill: make a streaming job fail once, part way, to see it restore and go on. */
public interface RecoveryDrillOptions extends PipelineOptions {

  @Description(
      "Recovery drill: the first input record with this event time or later (an ISO-8601 instant)"
          + " makes its task throw, once; Flink restarts the job from its last checkpoint. Absent: no drill.")
  String getFailOnceAt();

  void setFailOnceAt(String value);

  @Description(
      "Recovery drill: the file that records that the failure happened, so it happens once across"
          + " restarts. Default: eventide-drill-<jobName> in the temporary folder.")
  @Default.InstanceFactory(MarkerInTemp.class)
  String getFailOnceMarker();

  void setFailOnceMarker(String value);

  /** The lines, with the drill's failure in their way when {@code --failOnceAt} is given. */
  static PCollection<String> apply(RecoveryDrillOptions options, PCollection<String> lines) {
    if (options.getFailOnceAt() == null) {
      return lines;
    }
    Instant at;
    try {
      at = Instant.parse(options.getFailOnceAt());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--failOnceAt must be an ISO-8601 instant such as 2018-06-01T00:01:00Z, not '" + options.getFailOnceAt() + "'");
    }
    return lines.apply("RecoveryDrill", FailOnceAt.of(at, options.getFailOnceMarker()));
  }

  /** {@code <tmp>/eventide-drill-<jobName>}. */
  class MarkerInTemp implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      return Path.of(System.getProperty("java.io.tmpdir"), "eventide-drill-" + options.getJobName()).toString();
    }
  }
}
