package dev.eventide.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventide.pipelines.fraud.FraudOptions;
import dev.eventide.pipelines.fraud.FraudResults;
import dev.eventide.pipelines.inventory.InventoryJob;
import dev.eventide.pipelines.inventory.InventoryOptions;
import dev.eventide.pipelines.inventory.InventoryResults;
import dev.eventide.pipelines.sales.SalesGeneratorOptions;
import dev.eventide.pipelines.sales.SalesOptions;
import dev.eventide.pipelines.sales.SalesResults;
import dev.eventide.pipelines.tools.GenerateSalesFile;
import dev.eventide.testing.files.OutputFiles;
import dev.eventide.testing.cluster.ScriptServers;
import dev.eventide.testing.cluster.ScriptServers.FlinkCluster;
import dev.eventide.testing.scripts.Scripts.Result;
import dev.eventide.transforms.aggregate.SaleKey;
import dev.eventide.transforms.io.SaleGenerator;
import dev.eventide.transforms.model.Sale;
import dev.eventide.transforms.windowing.WindowSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's cluster walkthrough, run for real: a standalone Flink session cluster (JobManager
 * and TaskManager JVMs) started by {@code scripts/flink-cluster.sh} on a free loopback port, jobs
 * submitted over REST by {@code scripts/submit.sh}, a streaming job stopped with a savepoint by
 * {@code scripts/savepoint.sh} and resumed from it. The cluster is the one all integration tests share.
 */
@ExtendWith(ScriptServers.class)
class FlinkClusterIT {

  private static FlinkCluster CLUSTER;
  private static Path WORK;
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void onTheSharedCluster(FlinkCluster cluster) {
    CLUSTER = cluster;
    WORK = cluster.workdir();
  }

  @Test
  void aBoundedJobRunsAttachedOnTheClusterAndWritesExactlyTheExpectedResults() throws Exception {
    Path dir = WORK.resolve("bounded");
    String[] generator = {"--generatorRecords=2000", "--generatorSeed=3", "--generatorMaxDisorder=2s", "--generatorMalformedFraction=0.05"};
    List<String> toolArgs = new ArrayList<>(List.of(generator));
    toolArgs.add("--file=" + dir.resolve("sales.csv"));
    GenerateSalesFile.run(toolArgs.toArray(String[]::new), quiet(), quiet());

    Result run =
        script(
            "submit.sh", "--attached", "--workdir=" + WORK, "sales",
            "--input=" + dir.resolve("sales.csv"), "--output=" + dir.resolve("out/sales"),
            "--window=fixed:10s", "--keyBy=product");
    assertThat(run.output(), run.status(), equalTo(0));
    assertThat(run.output(), containsString("finished: DONE"));

    SaleGenerator truth = generatorOf(generator);
    List<Sale> sales = new ArrayList<>();
    for (long i = 0; i < 2000; i++) {
      truth.sale(i).ifPresent(sales::add);
    }
    assertThat(
        Files.readAllLines(dir.resolve("out/sales-00000-of-00001.jsonl")),
        containsInAnyOrder(SalesResults.expected(sales, WindowSpec.parse("fixed:10s"), SaleKey.PRODUCT).toArray()));
  }

  @Test
  void theInventoryJobResumesEveryItemsStockAtParallelismFourOnRocksDbThenOneOnHeapState() throws Exception {
    inventoryRescaled(32);
  }

  @Test
  void theFraudJobFlagsExactlyTheExpectedTransactionsOnTheClusterWithListsArrivingAsStreams() throws Exception {
    Path dir = WORK.resolve("fraud");
    String[] generator = {
      "--generatorRecords=2000", "--generatorRatePerSecond=1000", "--generatorSeed=21", "--generatorInterval=50ms",
      "--generatorMaxDisorder=3s", "--generatorCustomers=30", "--generatorHotShare=0.3", "--generatorCityChangeShare=0.05"
    };
    // Detached: with checkpointing on, the FlinkRunner keeps finished sources up
    // (--shutdownSourcesAfterIdleMs defaults to forever), so a streaming job never ends by itself.
    List<String> args = new ArrayList<>(List.of("--workdir=" + WORK, "fraud"));
    args.addAll(List.of(generator));
    args.add("--output=" + dir.resolve("fraud"));
    Result run = script("submit.sh", args.toArray(String[]::new));
    assertThat(run.output(), run.status(), equalTo(0));
    String job = FlinkCluster.jobIdIn(run);

    FraudResults expected = FraudResults.ofGenerator(PipelineOptionsFactory.fromArgs(generator).as(FraudOptions.class), true);
    assertThat(expected.perRule.size(), equalTo(4));
    waitForLines(dir, "fraud-GlobalWindow", n -> n >= expected.flagged.size(), 120);
    Thread.sleep(1500); // a last flush would show a duplicate
    script("flink-cluster.sh", "cancel", job, "--workdir=" + WORK);
    assertThat(OutputFiles.lines(dir, "fraud-GlobalWindow-"), containsInAnyOrder(expected.flagged.toArray()));
  }

  /**
   * The inventory job on the paced generator at parallelism 2 on heap state, stopped with a
   * savepoint part way, resumed at parallelism 4 on RocksDB, stopped again and resumed at 1 on
   * heap state: every applied transaction's stock line, every rejection and every answer of the
   * three runs together is exactly what an independent calculation over all the input says. So
   * each item's stock went on from where it stood at each savepoint, on whichever subtask its key
   * group went to, through either state backend's savepoint (Flink writes both in its canonical
   * format). {@code maxParallelism} (the key groups) stays fixed; with {@code
   * controlMaxParallelism} the first savepoint is first given to a job with another one, which must
   * fail to restore.
   */
  private void inventoryRescaled(Integer controlMaxParallelism) throws Exception {
    Path dir = WORK.resolve("inventory");
    String[] generator = {
      // 100 lines/s: after the second stop is asked for, 22 s of input remain, time for a stop with
      // a RocksDB savepoint at parallelism 4 on a busy machine (15 s at 150/s was once too short).
      "--generatorRecords=3000", "--generatorRatePerSecond=100", "--generatorSeed=13", "--generatorItems=8",
      "--generatorQueryEvery=5", "--generatorMalformedFraction=0.02", "--forgetAfter=1h"
    };
    List<String> args = new ArrayList<>(List.of("--workdir=" + WORK, "inventory"));
    args.addAll(List.of(generator));
    args.addAll(List.of("--output=" + dir.resolve("inventory"), "--checkpointingInterval=2000"));

    InventoryOptions options = PipelineOptionsFactory.fromArgs(generator).as(InventoryOptions.class);
    InventoryResults expected =
        InventoryResults.of(InventoryJob.generator(options), options.getGeneratorRecords(), org.joda.time.Duration.standardHours(1));
    String job = submit(args, "--parallelism=2", "--maxParallelism=16");
    try {
      rescale(dir, args, job, expected, controlMaxParallelism);
    } finally {
      KafkaDrill.cancelIfRunning(CLUSTER, lastJob);
    }
    assertThat(OutputFiles.lines(dir, "inventory-stock-"), containsInAnyOrder(expected.stock.toArray()));
    assertThat(OutputFiles.lines(dir, "inventory-rejected-"), containsInAnyOrder(expected.rejected.toArray()));
    assertThat(OutputFiles.lines(dir, "inventory-answers-"), containsInAnyOrder(expected.answers.toArray()));
    assertThat(lastStock(OutputFiles.lines(dir, "inventory-stock-")), equalTo(expected.finalStock));
  }

  /** The shared cluster's own state backend (the runner knows only rocksdb and filesystem). */
  private static final List<String> HEAP = List.of();

  private static List<String> rocksDb() {
    return List.of("--stateBackend=rocksdb", "--stateBackendStoragePath=" + WORK.resolve("rocksdb").toUri());
  }

  /** The job of the test that runs now, which a failure must not leave running. */
  private static String lastJob;

  private static void rescale(Path dir, List<String> args, String job, InventoryResults expected, Integer controlMaxParallelism)
      throws Exception {
    lastJob = job;
    // The generator goes on while a savepoint is taken: stop early enough for work to be left.
    int[] stopAt = {expected.stock.size() / 8, expected.stock.size() / 4};
    int[] resumeAt = {4, 1};
    List<List<String>> backendAt = List.of(rocksDb(), HEAP);
    for (int run = 0; run < 2; run++) {
      int lines = stopAt[run];
      waitForLines(dir, "inventory-stock", n -> n >= lines, 90);
      if (run == 0) {
        // A savepoint taken while the job goes on.
        Result triggered = script("savepoint.sh", "trigger", job, "--workdir=" + WORK);
        assertThat(triggered.output(), triggered.status(), equalTo(0));
        assertThat(triggered.output(), containsString("savepoint-"));
        assertThat(KafkaDrill.restGet(CLUSTER, "/jobs/" + job), containsString("\"state\":\"RUNNING\""));
      }
      String savepointPath = savepointAndStop(job);
      assertThat("run " + (run + 1) + " stopped part way", OutputFiles.lines(dir, "inventory-stock-").size(), lessThan(expected.stock.size()));
      if (run == 0 && controlMaxParallelism != null) {
        // Key groups are fixed by the first run: a job with another number of them cannot take
        // its state, and does not start.
        List<String> refused = new ArrayList<>(args);
        refused.addAll(List.of("--parallelism=2", "--maxParallelism=" + controlMaxParallelism, "--savepointPath=" + savepointPath));
        Result submitted = script("submit.sh", refused.toArray(String[]::new));
        assertThat(submitted.output(), submitted.status(), equalTo(1));
        assertThat(submitted.output(), containsString("Max parallelism mismatch"));
      }
      List<String> resumed = new ArrayList<>(args);
      resumed.addAll(backendAt.get(run));
      job = submit(resumed, "--parallelism=" + resumeAt[run], "--maxParallelism=16", "--savepointPath=" + savepointPath);
      lastJob = job;
      KafkaDrill.awaitAllTasksRunning(CLUSTER, job, resumeAt[run]);
    }
    waitForLines(dir, "inventory-stock", n -> n >= expected.stock.size(), 120);
    waitForLines(dir, "inventory-answers", n -> n >= expected.answers.size(), 30);
    waitForLines(dir, "inventory-rejected", n -> n >= expected.rejected.size(), 30);
    Thread.sleep(1500); // a last flush would show a duplicate
    script("flink-cluster.sh", "cancel", job, "--workdir=" + WORK);
  }

  /** Submits with {@code args} and {@code extra}; returns the job id. */
  private static String submit(List<String> args, String... extra) throws Exception {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(extra));
    Result submitted = script("submit.sh", all.toArray(String[]::new));
    assertThat(submitted.output(), submitted.status(), equalTo(0));
    return FlinkCluster.jobIdIn(submitted);
  }

  private static String savepointAndStop(String job) throws Exception {
    Result savepoint = script("savepoint.sh", "stop", job, "--workdir=" + WORK);
    assertThat(savepoint.output(), savepoint.status(), equalTo(0));
    String path = savepoint.output().strip().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(path, containsString("savepoint-"));
    return path;
  }

  /** Each item's stock after its latest applied transaction (by event time). */
  private static Map<String, Long> lastStock(List<String> stockLines) throws IOException {
    Map<String, String[]> last = new TreeMap<>();
    for (String line : stockLines) {
      JsonNode json = JSON.readTree(line);
      String[] entry = {json.get("time").asText(), json.get("stock").asText()};
      last.merge(json.get("itemId").asText(), entry, (a, b) -> java.time.Instant.parse(a[0]).isAfter(java.time.Instant.parse(b[0])) ? a : b);
    }
    Map<String, Long> stock = new TreeMap<>();
    last.forEach((item, e) -> stock.put(item, Long.parseLong(e[1])));
    return stock;
  }

  /** The lines of every file in {@code dir} whose name starts with {@code prefix}. */
  private static void waitForLines(Path dir, String prefix, java.util.function.IntPredicate done, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!done.test(OutputFiles.lines(dir, prefix + "-").size())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(prefix + ": only " + OutputFiles.lines(dir, prefix + "-").size() + " lines after " + seconds + " s");
      }
      Thread.sleep(500);
    }
  }

  private static SaleGenerator generatorOf(String[] args) {
    return SalesGeneratorOptions.generator(PipelineOptionsFactory.fromArgs(args).as(SalesOptions.class));
  }

  private static Result script(String name, String... args) throws IOException, InterruptedException {
    return CLUSTER.scripts().run(name, args);
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

}
