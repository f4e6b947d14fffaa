package dev.eventide.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventide.pipelines.sales.SalesGeneratorOptions;
import dev.eventide.pipelines.sales.SalesOptions;
import dev.eventide.pipelines.sales.SalesResults;
import dev.eventide.pipelines.sql.QueryRows;
import dev.eventide.pipelines.telemetry.TelemetryResults;
import dev.eventide.testing.cluster.ScriptServers;
import dev.eventide.testing.cluster.ScriptServers.FlinkCluster;
import dev.eventide.testing.cluster.ScriptServers.KafkaBroker;
import dev.eventide.testing.scripts.Scripts.Result;
import dev.eventide.transforms.aggregate.SaleKey;
import dev.eventide.transforms.io.ReadingGenerator;
import dev.eventide.transforms.io.SaleGenerator;
import dev.eventide.transforms.model.Reading;
import dev.eventide.transforms.model.Sale;
import dev.eventide.transforms.parse.SaleParser;
import dev.eventide.transforms.windowing.WindowSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.joda.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Exactly-once from Kafka to Kafka through the sales job on the script cluster, under failures,
 * checked with a {@code read_committed} consumer, the way the README's walkthrough does it:
 * sales are replayed into partition 0 of a 3-partition topic (the other two stay idle, and must
 * not hold the watermark), the job fails once part way (an injected exception) and loses its
 * TaskManager process, Flink restores from its checkpoint, and a last record stamped now closes
 * every window. Every window result must then be in the output topic exactly once. The same run
 * without exactly-once shows duplicates, so the check is known to be able to fail.
 */
@ExtendWith(ScriptServers.class)
class KafkaExactlyOnceIT {

  private static FlinkCluster flink;
  private static KafkaBroker kafka;
  private static Set<String> expected;

  @BeforeAll
  static void servers(FlinkCluster cluster, KafkaBroker broker) {
    flink = cluster;
    kafka = broker;
    expected = KafkaDrill.expectedResults();
  }

  /** A drill of the sales job on the shared cluster and broker. */
  private static KafkaDrill drill(String name, int partitions, String... options) throws Exception {
    return new KafkaDrill(flink, kafka, name, partitions, options);
  }

  @Test
  void withExactlyOnceEveryWindowResultIsCommittedOnceThroughAFailureAndAKilledTaskManager() throws Exception {
    KafkaDrill drill = drill("eos", 3, "--exactlyOnce=true", "--checkpointingInterval=2000");
    String job = drill.submit(drill.failingOnce());
    CompletableFuture<Result> replay = drill.replay();

    // The injected failure has happened and the job has gone on past it: now its TaskManager dies.
    Result kill = drill.killTaskManagerOnceResults(90);
    assertThat(replay.get(2, TimeUnit.MINUTES).status(), equalTo(0));

    drill.closeAllWindows();
    List<String> results = drill.waitForResults(r -> r.size() >= expected.size(), 180);
    KafkaDrill.awaitTwoMoreCheckpoints(flink, job);
    results = drill.committedResults();
    long endOffset = drill.endOffset();
    String failures = exceptions(job);
    drill.cancel(job);
    Result restart = flink.scripts().run("flink-cluster.sh", "start", flink.workdirOption());
    assertThat(restart.output(), restart.output(), containsString("Restarted TaskManager"));

    assertThat(failures, containsString("Injected failure"));
    assertThat(failures, containsString(KafkaDrill.killed(kill.output())));
    assertThat(results, containsInAnyOrder(expected.toArray()));
    // Many results per transaction: a commit marker (and any aborted record) takes an offset, and
    // Beam's sink, a transaction per result, took two offsets per result here.
    assertThat("offsets beyond the results", endOffset - results.size(), lessThan((long) results.size() / 4));
  }

  @Test
  void withoutExactlyOnceTheSameCheckFindsDuplicates() throws Exception {
    // No checkpoint completes before the failure, so the job replays from the start and re-sends
    // every result it had sent: at least once, not exactly once. The failure is a killed
    // TaskManager once results are out (an injected one at a fixed sale could come before the
    // first result when the job starts slowly); bundles of one, since without checkpoints larger
    // ones would hold the watermark.
    KafkaDrill drill = drill("at-least-once", 3, "--exactlyOnce=false", "--checkpointingInterval=120000", "--maxBundleSize=1");
    String job = drill.submit();
    CompletableFuture<Result> replay = drill.replay();
    Result kill = drill.killTaskManagerOnceResults(20);
    assertThat(replay.get(2, TimeUnit.MINUTES).status(), equalTo(0));
    drill.closeAllWindows();
    List<String> results = drill.waitForResults(r -> new HashSet<>(r).size() >= expected.size(), 180);
    String failures = exceptions(job);
    drill.cancel(job);
    Result restart = flink.scripts().run("flink-cluster.sh", "start", flink.workdirOption());
    assertThat(restart.output(), restart.output(), containsString("Restarted TaskManager"));

    assertThat(failures, containsString(KafkaDrill.killed(kill.output())));
    assertThat("nothing is missing", new HashSet<>(results), equalTo(expected));
    assertThat("some results are there twice", results.size(), greaterThan(expected.size()));
  }

  @Test
  void aJobStoppedWithASavepointResumesExactlyOnceAtParallelismFourThenOne() throws Exception {
    // Started at parallelism 2 and resumed at 4, then at 1: its windows, the sink's batches and
    // progress are keyed state and move by key group (16 of them, fixed by --maxParallelism); the
    // Kafka splits are dealt to the new readers. The resumed job needs the sink group it was
    // started with. A third of the sales goes in before each run, so each run has work of its own,
    // and to every partition: a reader whose partitions all stay idle would hold the watermark.
    KafkaDrill drill =
        drill("rescale", 3, "--exactlyOnce=true", "--checkpointingInterval=2000", "--sinkGroupId=rescale-sink", "--maxParallelism=16");
    List<Path> parts = KafkaDrill.salesInParts(Files.createDirectories(flink.workdir().resolve("rescale")), 3);
    String job = drill.submit("--parallelism=2");
    for (int run = 0; run < 3; run++) {
      drill.sendToEveryPartition(parts.get(run));
      if (run == 2) {
        break;
      }
      int upTo = drill.resultsUpTo(parts.get(run));
      drill.awaitResults(upTo);
      assertThat("run " + (run + 1) + " stopped part way", drill.committedResults().size(), lessThan(expected.size()));
      long stopping = System.nanoTime();
      String savepoint = drill.stopWithSavepoint(job);
      int parallelism = run == 0 ? 4 : 1;
      job = drill.submit("--parallelism=" + parallelism, "--savepointPath=" + savepoint);
      KafkaDrill.awaitAllTasksRunning(flink, job, parallelism);
      System.out.printf(
          "Rescaled from a savepoint to parallelism %d: stop, submit and every task running in %.1f s%n",
          parallelism, (System.nanoTime() - stopping) / 1e9);
    }
    drill.closeAllWindowsInEveryPartition();
    drill.waitForResults(r -> r.size() >= expected.size(), 180);
    KafkaDrill.awaitTwoMoreCheckpoints(flink, job);
    List<String> results = drill.committedResults();
    drill.cancel(job);
    assertThat(results, containsInAnyOrder(expected.toArray()));
  }

  @Test
  void theTelemetryJobAndTheSameQueryInSqlRunFromKafkaToKafkaWithEventTimeFromEachLine() throws Exception {
    // Lines produced now, so the record timestamps say nothing: event time is each line's own.
    ReadingGenerator generator = new ReadingGenerator(5, Instant.parse("2018-06-01T00:00:00Z"), 100, 500, 0.02, 3);
    StringBuilder lines = new StringBuilder();
    List<Reading> readings = new ArrayList<>();
    for (long i = 0; i < 600; i++) {
      lines.append(generator.line(i)).append('\n');
      generator.reading(i).ifPresent(readings::add);
    }
    // A reading whose time no pipeline can carry: a dead letter, and it must not move the
    // watermark (it would close every window) or stop the job.
    lines.append("+300000-01-01T00:00:00Z,sensor-0,1\n");
    // A reading an hour on closes every window of the minute before (one partition: in Kafka
    // order after all the others).
    lines.append("2018-06-01T01:00:00Z,sensor-0,0\n");
    KafkaDrill drill = drill("telemetry", 1);
    Result produce = kafka.scripts().runWithInput(lines.toString(), "kafka.sh", "produce", drill.input, "--bootstrap=" + kafka.bootstrapServers());
    assertThat(produce.output(), produce.status(), equalTo(0));
    Result submit =
        flink.scripts().run(
            "submit.sh", flink.workdirOption(), "telemetry",
            "--bootstrapServers=" + kafka.bootstrapServers(), "--inputTopic=" + drill.input, "--outputTopic=" + drill.output,
            "--exactlyOnce=true", "--checkpointingInterval=2000", "--partitionIdleAfter=2s");
    assertThat(submit.output(), submit.status(), equalTo(0));
    // The same statistics asked of the same topic in SQL, by the sql job beside it.
    KafkaDrill sql = drill("telemetry-sql", 1);
    Result submitSql =
        flink.scripts().run(
            "submit.sh", flink.workdirOption(), "sql", "--table=readings",
            "--bootstrapServers=" + kafka.bootstrapServers(), "--inputTopic=" + drill.input, "--outputTopic=" + sql.output,
            "--exactlyOnce=true", "--checkpointingInterval=2000", "--partitionIdleAfter=2s",
            "--query=SELECT device AS key, TUMBLE_START(event_time, INTERVAL '10' SECOND) AS windowStart,"
                + " TUMBLE_END(event_time, INTERVAL '10' SECOND) AS windowEnd, COUNT(*) AS `count`, MIN(reading) AS `min`,"
                + " MAX(reading) AS `max`, AVG(reading) AS average FROM readings GROUP BY device, TUMBLE(event_time, INTERVAL '10' SECOND)");
    assertThat(submitSql.output(), submitSql.status(), equalTo(0));
    Set<String> stats = TelemetryResults.expected(readings, Duration.ofSeconds(10));
    List<String> results = drill.waitForResults(r -> r.size() >= stats.size(), 120);
    List<String> sqlResults = sql.waitForResults(r -> r.size() >= stats.size(), 120);
    drill.cancel(FlinkCluster.jobIdIn(submit));
    sql.cancel(FlinkCluster.jobIdIn(submitSql));
    assertThat(results, containsInAnyOrder(stats.toArray()));
    assertThat(
        sqlResults.stream().map(QueryRows::averageRounded).toList(),
        containsInAnyOrder(QueryRows.withoutPanes(stats).toArray()));
  }

  @Test
  void poisonRecordsAreDeadLettersWhileTheStreamingJobGoesOnRunning() throws Exception {
    // Before any limit was checked, each of these failed the job's task: Flink restored it, read
    // the same record, failed again, and the job ended FAILED once its retries were spent.
    KafkaDrill drill = drill("poison", 1);
    Path deadLetters = flink.workdir().resolve("poison-dead-letters");
    String job =
        drill.submit("--checkpointingInterval=2000", "--window=fixed:2s", "--deadLetterOutput=" + deadLetters + "/dead");
    String[] before = {"2018-06-01T00:00:00.500Z,June,Category1,Bat,10", "2018-06-01T00:00:01.500Z,June,Category2,Ball,20"};
    String[] after = {"2018-06-01T00:00:03Z,June,Category1,Bat,5", "2018-06-01T00:00:05Z,July,Category1,Bat,7"};
    String payloadOutOfRange = "+300000-01-01T00:00:00Z,June,Category1,Bat,1";
    String stampedInNanoseconds = "2018-06-01T00:00:02Z,June,Category1,Bat,1000";
    byte[] notUtf8 = {'2', '0', '1', '8', (byte) 0xC3, (byte) 0x28, ',', (byte) 0xFF, (byte) 0xFE};
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (String line : before) {
        producer.send(sale(drill.input, line, millisOf(line))).get();
      }
      producer.send(sale(drill.input, payloadOutOfRange, millisOf(before[1]))).get();
      producer.send(sale(drill.input, stampedInNanoseconds, millisOf(stampedInNanoseconds) * 1_000_000L)).get();
      producer.send(new ProducerRecord<>(drill.input, 0, millisOf(before[1]), null, notUtf8)).get();
      for (String line : after) {
        producer.send(sale(drill.input, line, millisOf(line))).get();
      }
    }
    drill.closeAllWindows();

    List<Sale> sales = new ArrayList<>();
    for (String line : List.of(before[0], before[1], after[0], after[1])) {
      sales.add(new SaleParser().parse(line));
    }
    Set<String> windows = SalesResults.expected(sales, WindowSpec.parse("fixed:2s"), SaleKey.MONTH);
    List<String> results = drill.waitForResults(r -> r.size() >= windows.size(), 120);
    List<String> dead = waitForLines(deadLetters, 3, 60);
    String state = restGet("/jobs/" + job);
    String failures = exceptions(job);
    if (state.contains("\"state\":\"RUNNING\"")) {
      drill.cancel(job);
    }

    // Without the limits, the job was FAILED here (restarted on each poison record until its
    // retries were spent), and none of the later windows came out.
    assertThat(state, containsString("\"state\":\"RUNNING\""));
    assertThat(results, containsInAnyOrder(windows.toArray()));
    assertThat("no failure, no restart", failures, containsString("\"entries\":[]"));
    assertThat(
        dead.stream().filter(line -> !line.contains("end of the replay")).map(KafkaExactlyOnceIT::errorOf).toList(),
        containsInAnyOrder(
            containsString("event time 300000-01-01T00:00:00.000Z is out of range"),
            containsString("record timestamp " + millisOf(stampedInNanoseconds) * 1_000_000L),
            containsString("not UTF-8 text")));
  }

  private static ProducerRecord<byte[], byte[]> sale(String topic, String line, long timestamp) {
    return new ProducerRecord<>(topic, 0, timestamp, null, line.getBytes(StandardCharsets.UTF_8));
  }

  private static long millisOf(String saleLine) {
    return Instant.parse(saleLine.substring(0, saleLine.indexOf(','))).getMillis();
  }

  private static String errorOf(String deadLetterJson) {
    try {
      return new ObjectMapper().readTree(deadLetterJson).get("error").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lines of the files in {@code folder}, once there are {@code count} (or the time is up). */
  private static List<String> waitForLines(Path folder, int count, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<String> lines = linesIn(folder);
    while (lines.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(500);
      lines = linesIn(folder);
    }
    return lines;
  }

  private static List<String> linesIn(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
        lines.addAll(Files.readAllLines(file));
      }
    }
    return lines;
  }

  private static String exceptions(String job) throws Exception {
    return KafkaDrill.exceptions(flink, job);
  }

  private static String restGet(String path) throws Exception {
    return KafkaDrill.restGet(flink, path);
  }
}
