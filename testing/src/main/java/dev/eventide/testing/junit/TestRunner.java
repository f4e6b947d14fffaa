package dev.eventide.testing.junit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestPipelineOptions;

/**
 * The runners a pipeline test can run on. Runners are named by their registered names, so the kit
 * needs no runner class at compile time and a test never imports one.
 */
public enum TestRunner {
  /** Beam's DirectRunner, with its immutability and encodability checks on. */
  DIRECT("direct", "--runner=DirectRunner"),

  /**
   * The FlinkRunner in streaming mode on an embedded Flink MiniCluster: TestStream runs here.
   *
   * <p>One element per bundle: the FlinkRunner holds the watermark back while a bundle is open,
   * so with bigger bundles the elements and watermarks of a fast TestStream merge into one bundle
   * and a record meant to be late arrives before the watermark it should follow (apache/beam
   * issues 20844, 20845).
   */
  FLINK(
      "flink",
      "--runner=TestFlinkRunner",
      "--flinkMaster=" + flinkMaster(),
      "--streaming=true",
      "--parallelism=1",
      "--maxBundleSize=1",
      "--objectReuse=true",
      "--fasterCopy=true"),

  /**
   * The FlinkRunner in batch mode on an embedded Flink MiniCluster, for bounded inputs. Both Flink
   * runners run without copies between chained operators ({@code --objectReuse}, {@code
   * --fasterCopy}), as scripts/submit.sh deploys: a transform that changed an element it was given
   * would fail here (the DirectRunner checks the same by its immutability enforcement).
   */
  FLINK_BATCH(
      "flink-batch",
      "--runner=TestFlinkRunner",
      "--flinkMaster=" + flinkMaster(),
      "--streaming=false",
      "--parallelism=2",
      "--objectReuse=true",
      "--fasterCopy=true");

  /** System property that narrows every runner matrix, e.g. {@code -Deventide.test.runners=direct}. */
  public static final String RUNNERS_PROPERTY = "eventide.test.runners";

  /**
   * System property naming the Flink master of the Flink runners: {@code [auto]} (default), the
   * JVM's one {@link dev.eventide.testing.cluster.SharedMiniCluster}; {@code [local]}, a
   * MiniCluster of its own for every pipeline.
   */
  public static final String FLINK_MASTER_PROPERTY = "eventide.test.flinkMaster";

  private final String label;
  private final List<String> args;

  TestRunner(String label, String... args) {
    this.label = label;
    this.args = List.of(args);
  }

  private static String flinkMaster() {
    return System.getProperty(FLINK_MASTER_PROPERTY, "[auto]");
  }

  public String label() {
    return label;
  }

  /** The pipeline arguments that select this runner. */
  public List<String> args() {
    return args;
  }

  /** Whether {@link #RUNNERS_PROPERTY} (absent: every runner) lets this runner run. */
  public boolean enabled() {
    String only = System.getProperty(RUNNERS_PROPERTY, "").trim();
    if (only.isEmpty()) {
      return true;
    }
    return Arrays.stream(only.split(","))
        .map(s -> s.trim().toLowerCase(Locale.ROOT))
        .anyMatch(s -> s.equals(label) || s.equals(name().toLowerCase(Locale.ROOT)));
  }

  /**
   * Test options on this runner with {@code extraArgs} added, set up the way Beam's {@code
   * testingPipelineOptions()} does (stable unique names enforced).
   */
  public PipelineOptions options(String... extraArgs) {
    TestPipelineOptions options = PipelineOptionsFactory.fromArgs(argsWith(extraArgs)).as(TestPipelineOptions.class);
    options.setStableUniqueNames(PipelineOptions.CheckEnabled.ERROR);
    return options;
  }

  /** These runners' arguments followed by the test's own extra arguments. */
  public String[] argsWith(String... extra) {
    List<String> all = new ArrayList<>(args);
    all.addAll(Arrays.asList(extra));
    return all.toArray(new String[0]);
  }
}
