package dev.eventide.pipelines;

import dev.eventide.pipelines.aggregates.AggregatesJob;
import dev.eventide.pipelines.bench.BenchmarkJob;
import dev.eventide.pipelines.fraud.FraudJob;
import dev.eventide.pipelines.inventory.InventoryJob;
import dev.eventide.pipelines.join.JoinJob;
import dev.eventide.pipelines.sales.SalesJob;
import dev.eventide.pipelines.sql.SqlJob;
import dev.eventide.pipelines.taxi.TaxiJob;
import dev.eventide.pipelines.telemetry.TelemetryJob;
import dev.eventide.pipelines.wordcount.WordCountJob;
import dev.eventide.transforms.faults.Causes;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job by name: {@code Launcher <job> [--option=value ...]}, or {@code Launcher <job>
 * --help} for its options. The runner is an option like any other ({@code --runner=FlinkRunner});
 * nothing here names a runner class.
 */
public final class Launcher {

  private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);

  /** Every job, by name. */
  public static final Map<String, Job<?>> JOBS = jobs(
          new SalesJob(),
          new InventoryJob(),
          new FraudJob(),
          new TelemetryJob(),
          new TaxiJob(),
          new WordCountJob(),
          new JoinJob(),
          new AggregatesJob(),
          new SqlJob(),
          new BenchmarkJob());

  private Launcher() {}

  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    // Runners may leave non-daemon threads behind (the DirectRunner's Kafka writer, say): a
    // finished command line job ends its JVM.
    System.exit(status);
  }

  /** The main of one job: its command line without the job's name in front. */
  public static void mainOf(Job<?> job, String[] args) {
    String[] all = new String[args.length + 1];
    all[0] = job.name();
    System.arraycopy(args, 0, all, 1, args.length);
    main(all);
  }

  /** Runs the command line; returns the process exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || !JOBS.containsKey(args[0])) {
      if (args.length > 0 && !args[0].equals("--help")) {
        err.println("Unknown job '" + args[0] + "'.");
      }
      usage(args.length == 0 ? err : out);
      return args.length == 0 || !args[0].equals("--help") ? 2 : 0;
    }
    Job<?> job = JOBS.get(args[0]);
    String[] jobArgs = Arrays.copyOfRange(args, 1, args.length);
    for (String arg : jobArgs) {
      if (arg.equals("--help")) {
        out.println("Options of the " + job.name() + " job (" + job.description() + "):");
        PipelineOptionsFactory.printHelp(out, job.optionsClass());
        out.print(job.helpNotes());
        out.println(
            "Runner options (--runner=DirectRunner|FlinkRunner, --flinkMaster, --streaming, ...) are"
                + " Beam's own: --help=org.apache.beam.runners.flink.FlinkPipelineOptions lists the"
                + " FlinkRunner's.");
        return 0;
      }
      if (arg.startsWith("--help=")) {
        return printOptionsHelp(arg.substring("--help=".length()), out, err);
      }
    }
    try {
      PipelineResult.State state = runJob(job, jobArgs, out);
      return state == PipelineResult.State.FAILED || state == PipelineResult.State.CANCELLED ? 1 : 0;
    } catch (IllegalArgumentException e) {
      // Invalid options or inputs, found while the pipeline is built: the message says it all.
      err.println(job.name() + ": " + e.getMessage());
      err.println("See: scripts/run.sh " + job.name() + " --help");
      return 2;
    } catch (RuntimeException e) {
      LOG.error("Job '{}' failed", job.name(), e);
      err.println(job.name() + ": the job failed: " + Causes.deepest(e));
      return 1;
    }
  }

  /** Beam's help for any options interface on the class path, named in full. */
  private static int printOptionsHelp(String interfaceName, PrintStream out, PrintStream err) {
    try {
      Class<?> type = Class.forName(interfaceName);
      if (!PipelineOptions.class.isAssignableFrom(type)) {
        err.println(interfaceName + " is not a PipelineOptions interface.");
        return 2;
      }
      PipelineOptionsFactory.printHelp(out, type.asSubclass(PipelineOptions.class));
      return 0;
    } catch (ClassNotFoundException e) {
      err.println("No options interface " + interfaceName + " on the class path.");
      return 2;
    }
  }

  private static <O extends PipelineOptions> PipelineResult.State runJob(Job<O> job, String[] args, PrintStream out) {
    PipelineOptionsFactory.register(job.optionsClass());
    O options = PipelineOptionsFactory.fromArgs(args).withValidation().as(job.optionsClass());
    java.util.Optional<String> plan = job.planOnly(options);
    if (plan.isPresent()) {
      out.println(plan.get());
      return PipelineResult.State.DONE;
    }
    if (Arrays.stream(args).noneMatch(a -> a.startsWith("--jobName="))) {
      options.setJobName("eventide-" + job.name());
    }
    Pipeline pipeline = Pipeline.create(options);
    job.build(pipeline, options);
    LOG.info("Starting job '{}' on {}", options.getJobName(), options.getRunner().getSimpleName());
    long started = System.nanoTime();
    PipelineResult result = pipeline.run();
    if (!options.as(JobOptions.class).getWaitUntilFinish()) {
      LOG.info("Job '{}' submitted", options.getJobName());
      return PipelineResult.State.RUNNING;
    }
    PipelineResult.State state = result.waitUntilFinish();
    LOG.info(
        "Job '{}' finished: {} in {} s; {}",
        job.name(),
        state,
        String.format(java.util.Locale.ROOT, "%.3f", (System.nanoTime() - started) / 1e9),
        counters(result));
    return state;
  }

  /** The job's own counters as {@code name=value} pairs, for the closing log line. */
  static String counters(PipelineResult result) {
    try {
      MetricQueryResults metrics = result.metrics().queryMetrics(MetricsFilter.builder().build());
      StringBuilder text = new StringBuilder();
      for (MetricResult<Long> counter : metrics.getCounters()) {
        String namespace = counter.getName().getNamespace();
        if (namespace.startsWith("eventide.")) {
          if (text.length() > 0) {
            text.append(", ");
          }
          text.append(namespace.substring("eventide.".length()))
              .append('.')
              .append(counter.getName().getName())
              .append('=')
              .append(counter.getAttempted());
        }
      }
      return text.length() == 0 ? "no counters" : text.toString();
    } catch (UnsupportedOperationException e) {
      return "counters not available on this runner";
    }
  }

  private static void usage(PrintStream out) {
    out.println("Usage: scripts/run.sh <job> [--option=value ...]   (--help after a job lists its options)");
    out.println("Jobs:");
    JOBS.values().forEach(j -> out.printf("  %-12s %s%n", j.name(), j.description()));
  }

  private static Map<String, Job<?>> jobs(Job<?>... jobs) {
    Map<String, Job<?>> byName = new LinkedHashMap<>();
    for (Job<?> job : jobs) {
      byName.put(job.name(), job);
    }
    return java.util.Collections.unmodifiableMap(byName);
  }
}
