package dev.eventide.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventide.pipelines.sales.SalesGeneratorOptions;
import dev.eventide.pipelines.sales.SalesOptions;
import dev.eventide.pipelines.sales.SalesResults;
import dev.eventide.pipelines.tools.GenerateSalesFile;
import dev.eventide.testing.cluster.ScriptServers;
import dev.eventide.testing.cluster.ScriptServers.FlinkCluster;
import dev.eventide.testing.files.OutputFiles;
import dev.eventide.testing.scripts.Scripts;
import dev.eventide.testing.scripts.Scripts.Result;
import dev.eventide.transforms.aggregate.SaleKey;
import dev.eventide.transforms.io.SaleGenerator;
import dev.eventide.transforms.model.Sale;
import dev.eventide.transforms.windowing.WindowSpec;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/**
 * Flink's application mode ({@code flink-cluster.sh start-application}): a cluster of its own per
 * job, whose JobManager runs the job's main. A streaming job shows on the dashboard and writes
 * exactly the expected running totals; a bounded job ends its cluster by itself, after writing
 * exactly the expected windows. Each cluster is stopped with every process it started.
 */
class ApplicationModeIT {

  private static final Path TARGET = Path.of(System.getProperty("user.dir"), "target");
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aStreamingJobRunsInItsOwnClusterAndShowsOnItsDashboard() throws Exception {
    Path work = fresh("it-flink-application-streaming");
    Scripts scripts = Scripts.of(ROOT, work.resolve("scripts"));
    String[] generator = {"--generatorRecords=2000", "--generatorRatePerSecond=400", "--generatorSeed=5", "--generatorMalformedFraction=0.02"};
    List<String> args = new ArrayList<>(List.of("start-application", "--workdir=" + work, "--port=" + ScriptServers.freePort(), "sales"));
    args.addAll(List.of(generator));
    args.addAll(List.of("--output=" + work.resolve("out/sales"), "--runningTotalEvery=5s", "--jobName=sales-in-application-mode"));
    try {
      Result start = scripts.run("flink-cluster.sh", args.toArray(String[]::new));
      assertThat(start.output(), start.status(), equalTo(0));
      String job = FlinkCluster.jobIdIn(start);
      FlinkCluster cluster = new FlinkCluster(work, scripts);
      JsonNode overview = JSON.readTree(KafkaDrill.restGet(cluster, "/jobs/overview")).get("jobs").get(0);
      assertThat(overview.get("jid").asText(), equalTo(job));
      assertThat(overview.get("name").asText(), equalTo("sales-in-application-mode"));

      Map<String, long[]> expected = new TreeMap<>();
      SaleGenerator truth = SalesGeneratorOptions.generator(PipelineOptionsFactory.fromArgs(generator).as(SalesOptions.class));
      for (long i = 0; i < 2000; i++) {
        truth.sale(i).ifPresent(s -> {
          long[] t = expected.computeIfAbsent(SaleKey.MONTH.of(s), k -> new long[2]);
          t[0] += s.profit();
          t[1]++;
        });
      }
      long count = expected.values().stream().mapToLong(t -> t[1]).sum();
      Map<String, long[]> totals = waitForTotals(work.resolve("out"), count, 120);
      assertThat(KafkaDrill.restGet(cluster, "/jobs/" + job), containsString("\"state\":\"RUNNING\""));
      assertThat(render(totals), equalTo(render(expected)));
    } finally {
      stop(scripts, work);
    }
  }

  @Test
  void aBoundedJobWritesItsWindowsAndEndsItsCluster() throws Exception {
    Path work = fresh("it-flink-application-bounded");
    Scripts scripts = Scripts.of(ROOT, work.resolve("scripts"));
    String[] generator = {"--generatorRecords=2000", "--generatorSeed=3", "--generatorMaxDisorder=2s", "--generatorMalformedFraction=0.05"};
    try {
      Result start = startBoundedSales(scripts, work, generator);
      assertThat(start.output(), start.status(), equalTo(0));

      // The JobManager ends with the application.
      long jobManager = Long.parseLong(Files.readString(work.resolve("pid/jobmanager.pid")).strip());
      ProcessHandle.of(jobManager).ifPresent(p -> p.onExit().orTimeout(3, TimeUnit.MINUTES).join());
      Result status = scripts.run("flink-cluster.sh", "status", "--workdir=" + work);
      assertThat(status.output(), containsString("Application completed SUCCESSFULLY"));

      SaleGenerator truth = SalesGeneratorOptions.generator(PipelineOptionsFactory.fromArgs(generator).as(SalesOptions.class));
      List<Sale> sales = new ArrayList<>();
      for (long i = 0; i < 2000; i++) {
        truth.sale(i).ifPresent(sales::add);
      }
      assertThat(
          OutputFiles.lines(work.resolve("out"), "sales-0"),
          containsInAnyOrder(SalesResults.expected(sales, WindowSpec.parse("fixed:10s"), SaleKey.PRODUCT).toArray()));
    } finally {
      stop(scripts, work);
    }
  }

  @Test
  void aMainThatEndsItsJvmTakesTheJobManagerAndTheJobWithIt() throws Exception {
    // The control: Launcher's own main ends its JVM once the job is submitted, as a command line
    // job should; run by the JobManager, that JVM is the JobManager's.
    Path work = fresh("it-flink-application-exit");
    Scripts scripts = Scripts.of(ROOT, work.resolve("scripts"));
    try {
      Result start = startBoundedSales(scripts, work, new String[] {"--generatorRecords=2000", "--generatorSeed=3"}, "--main-class=dev.eventide.pipelines.Launcher");
      // The script may see the JobManager go before the job is listed, and then stops the cluster.
      Path pid = work.resolve("pid/jobmanager.pid");
      if (Files.exists(pid)) {
        ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(p -> p.onExit().orTimeout(3, TimeUnit.MINUTES).join());
      }
      Result status = scripts.run("flink-cluster.sh", "status", "--workdir=" + work);
      assertThat(start.output() + status.output(), not(containsString("Application completed SUCCESSFULLY")));
      assertThat(Files.readString(work.resolve("log/jobmanager.log")), not(containsString("Application completed SUCCESSFULLY")));
      assertThat(OutputFiles.lines(work.resolve("out"), "sales-0"), empty());
    } finally {
      stop(scripts, work);
    }
  }

  /**
   * Writes the generator's sales to a file and starts the bounded sales job on it (10 s windows per
   * product) in application mode, with {@code clusterOptions} before the job.
   */
  private static Result startBoundedSales(Scripts scripts, Path work, String[] generator, String... clusterOptions) throws Exception {
    List<String> tool = new ArrayList<>(List.of(generator));
    tool.add("--file=" + work.resolve("sales.csv"));
    GenerateSalesFile.run(tool.toArray(String[]::new), new PrintStream(OutputStream.nullOutputStream()), System.err);
    List<String> args = new ArrayList<>(List.of("start-application", "--workdir=" + work, "--port=" + ScriptServers.freePort()));
    args.addAll(List.of(clusterOptions));
    args.addAll(
        List.of("sales", "--input=" + work.resolve("sales.csv"), "--output=" + work.resolve("out/sales"), "--window=fixed:10s", "--keyBy=product"));
    return scripts.run("flink-cluster.sh", args.toArray(String[]::new));
  }

  private static Path fresh(String name) throws Exception {
    Path work = TARGET.resolve(name);
    ScriptServers.clear(work);
    return Files.createDirectories(work);
  }

  /** Stops the cluster and checks that every process it started is gone. */
  private static void stop(Scripts scripts, Path work) throws Exception {
    List<Long> pids = new ArrayList<>();
    Path dir = work.resolve("pid");
    if (Files.isDirectory(dir)) {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          pids.add(Long.parseLong(Files.readString(f).strip()));
        }
      }
    }
    Result stop = scripts.run("flink-cluster.sh", "stop", "--workdir=" + work);
    assertThat(stop.output(), stop.status(), equalTo(0));
    for (long pid : pids) {
      assertThat("process " + pid + " of " + work, ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), equalTo(false));
    }
  }

  /** Each key's latest running total, once their counts add up to {@code count}. */
  private static Map<String, long[]> waitForTotals(Path dir, long count, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    Map<String, long[]> totals = new TreeMap<>();
    while (System.nanoTime() < deadline) {
      totals = new TreeMap<>();
      for (String line : OutputFiles.lines(dir, "sales-running-totals")) {
        JsonNode json = JSON.readTree(line);
        long[] total = {json.get("runningProfit").asLong(), json.get("runningCount").asLong()};
        totals.merge(json.get("key").asText(), total, (a, b) -> a[1] >= b[1] ? a : b);
      }
      if (totals.values().stream().mapToLong(t -> t[1]).sum() >= count) {
        return totals;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("running totals not reached in " + seconds + " s: " + render(totals));
  }

  private static String render(Map<String, long[]> totals) {
    StringBuilder text = new StringBuilder();
    totals.forEach((k, t) -> text.append(k).append('=').append(t[0]).append('/').append(t[1]).append(' '));
    return text.toString().strip();
  }
}
