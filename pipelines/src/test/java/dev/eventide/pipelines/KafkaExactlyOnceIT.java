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

  private static final String[] GENERATOR = {"--generatorRecords=3000", "--generatorSeed=17"};
  /** Part way: the 3,000 sales span 300 s of event time, replayed in 20 s. */
  private static final String FAIL_AT = "2018-06-01T00:02:00Z";

  private static FlinkCluster flink;
  private static KafkaBroker kafka;
  private static Set<String> expected;

  @BeforeAll
  static void servers(FlinkCluster cluster, KafkaBroker broker) {
    flink = cluster;
    kafka = broker;
    SaleGenerator generator = SalesGeneratorOptions.generator(PipelineOptionsFactory.fromArgs(GENERATOR).as(SalesOptions.class));
    List<Sale> sales = new ArrayList<>();
    for (long i = 0; i < 3000; i++) {
      generator.sale(i).ifPresent(sales::add);
    }
    expected = SalesResults.expected(sales, WindowSpec.parse("fixed:2s"), SaleKey.MONTH);
  }

  @Test
  void withExactlyOnceEveryWindowResultIsCommittedOnceThroughAFailureAndAKilledTaskManager() throws Exception {
    Drill drill = new Drill("eos", 3, "--exactlyOnce=true", "--checkpointingInterval=2000");
    String job = drill.submit(drill.failingOnce());
    CompletableFuture<Result> replay = drill.replay();

    // The injected failure has happened and the job has gone on past it: now its TaskManager dies.
    Result kill = drill.killTaskManagerOnceResults(90);
    assertThat(replay.get(2, TimeUnit.MINUTES).status(), equalTo(0));

    drill.closeAllWindows();
    List<String> results = drill.waitForResults(r -> r.size() >= expected.size(), 180);
    // A duplicate would come with a later checkpoint: give it the time of a few.
    Thread.sleep(6000);
    results = drill.committedResults();
    long endOffset = drill.endOffset();
    String failures = exceptions(job);
    drill.cancel(job);
    Result restart = flink.scripts().run("flink-cluster.sh", "start", flink.workdirOption());
    assertThat(restart.output(), restart.output(), containsString("Restarted TaskManager"));

    assertThat(failures, containsString("Injected failure"));
    assertThat(failures, containsString(killed(kill.output())));
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
    Drill drill = new Drill("at-least-once", 3, "--exactlyOnce=false", "--checkpointingInterval=120000", "--maxBundleSize=1");
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

    assertThat(failures, containsString(killed(kill.output())));
    assertThat("nothing is missing", new HashSet<>(results), equalTo(expected));
    assertThat("some results are there twice", results.size(), greaterThan(expected.size()));
  }

  @Test
  void aJobStoppedWithASavepointAndResumedWithItsSinkGroupGoesOnExactlyOnce() throws Exception {
    // The resumed job needs the sink's progress under the group it was started with.
    Drill drill = new Drill("savepoint", 3, "--exactlyOnce=true", "--checkpointingInterval=2000", "--sinkGroupId=savepoint-sink");
    String first = drill.submit();
    CompletableFuture<Result> replay = drill.replay();
    List<String> some = drill.waitForResults(results -> results.size() >= 40, 120);
    assertThat(some.toString(), some.size(), greaterThan(39));
    Result stop = flink.scripts().run("savepoint.sh", "stop", first, flink.workdirOption());
    assertThat(stop.output(), stop.status(), equalTo(0));
    String savepoint = stop.output().strip().lines().reduce((a, b) -> b).orElseThrow();
    String resumed = drill.submit("--savepointPath=" + savepoint);
    assertThat(replay.get(2, TimeUnit.MINUTES).status(), equalTo(0));

    drill.closeAllWindows();
    drill.waitForResults(r -> r.size() >= expected.size(), 180);
    Thread.sleep(6000);
    List<String> results = drill.committedResults();
    drill.cancel(resumed);
    assertThat(results, containsInAnyOrder(expected.toArray()));
  }

  @Test
  void theTelemetryJobRunsFromKafkaToKafkaWithEventTimeFromEachLine() throws Exception {
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
    Drill drill = new Drill("telemetry", 1);
    Result produce = kafka.scripts().runWithInput(lines.toString(), "kafka.sh", "produce", drill.input, "--bootstrap=" + kafka.bootstrapServers());
    assertThat(produce.output(), produce.status(), equalTo(0));
    Result submit =
        flink.scripts().run(
            "submit.sh", flink.workdirOption(), "telemetry",
            "--bootstrapServers=" + kafka.bootstrapServers(), "--inputTopic=" + drill.input, "--outputTopic=" + drill.output,
            "--exactlyOnce=true", "--checkpointingInterval=2000", "--partitionIdleAfter=2s");
    assertThat(submit.output(), submit.status(), equalTo(0));
    Set<String> stats = TelemetryResults.expected(readings, Duration.ofSeconds(10));
    List<String> results = drill.waitForResults(r -> r.size() >= stats.size(), 120);
    drill.cancel(FlinkCluster.jobIdIn(submit));
    assertThat(results, containsInAnyOrder(stats.toArray()));
  }

  @Test
  void poisonRecordsAreDeadLettersWhileTheStreamingJobGoesOnRunning() throws Exception {
    // Before any limit was checked, each of these failed the job's task: Flink restored it, read
    // the same record, failed again, and the job ended FAILED once its retries were spent.
    Drill drill = new Drill("poison", 1);
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

  /** One run of the sales job from its own input topic to its own output topic. */
  private static final class Drill {
    final String name;
    final String[] options;
    final String input;
    final String output;

    /** Its topics: the input with {@code partitions}, the output with one. */
    Drill(String name, int partitions, String... options) throws Exception {
      this.name = name;
      this.options = options;
      this.input = name + "-input";
      this.output = name + "-output";
      for (String[] topic : List.of(new String[] {input, String.valueOf(partitions)}, new String[] {output, "1"})) {
        Result create =
            kafka.scripts().run("kafka.sh", "topic", "create", topic[0], "--partitions", topic[1], "--bootstrap=" + kafka.bootstrapServers());
        assertThat(create.output(), create.status(), equalTo(0));
      }
    }

    /** The recovery drill's options: the job fails once at {@link #FAIL_AT}. */
    String[] failingOnce() {
      return new String[] {"--failOnceAt=" + FAIL_AT, "--failOnceMarker=" + flink.workdir().resolve(name + "-drill")};
    }

    String submit(String... extra) throws Exception {
      List<String> args =
          new ArrayList<>(
              List.of(
                  flink.workdirOption(), "sales",
                  "--bootstrapServers=" + kafka.bootstrapServers(),
                  "--inputTopic=" + input, "--outputTopic=" + output, "--consumerGroup=" + name,
                  "--numberOfExecutionRetries=5", "--runningTotalEvery=1h",
                  // Results flow soon after the start, so some are out before the failure.
                  "--partitionIdleAfter=2s"));
      args.addAll(List.of(options));
      args.addAll(List.of(extra));
      Result submit = flink.scripts().run("submit.sh", args.toArray(String[]::new));
      assertThat(submit.output(), submit.status(), equalTo(0));
      return FlinkCluster.jobIdIn(submit);
    }

    /** The generator's sales into partition 0 at 150 a second (20 s), in the background. */
    CompletableFuture<Result> replay() {
      List<String> args =
          new ArrayList<>(List.of("--topic=" + input, "--bootstrapServers=" + kafka.bootstrapServers(), "--ratePerSecond=150", "--partition=0"));
      args.addAll(List.of(GENERATOR));
      return CompletableFuture.supplyAsync(
          () -> {
            try {
              return kafka.scripts().run("replay-sales.sh", args.toArray(String[]::new));
            } catch (IOException | InterruptedException e) {
              throw new IllegalStateException(e);
            }
          });
    }

    /** A line stamped now (a dead letter, not a sale) moves the watermark past every 2018 window. */
    void closeAllWindows() throws Exception {
      Result produce =
          kafka.scripts().runWithInput("end of the replay\n", "kafka.sh", "produce", input, "--bootstrap=" + kafka.bootstrapServers());
      assertThat(produce.output(), produce.status(), equalTo(0));
    }

    /** Kills the TaskManager the job runs on once {@code results} results are out. */
    Result killTaskManagerOnceResults(int results) throws Exception {
      List<String> some = waitForResults(r -> r.size() >= results, 120);
      assertThat(some.toString(), some.size(), greaterThanOrEqualTo(results));
      Result kill = flink.scripts().run("flink-cluster.sh", "kill-taskmanager", flink.workdirOption());
      assertThat(kill.output(), kill.status(), equalTo(0));
      return kill;
    }

    List<String> waitForResults(Predicate<List<String>> done, int seconds) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      List<String> results = committedResults();
      while (!done.test(results) && System.nanoTime() < deadline) {
        Thread.sleep(1000);
        results = committedResults();
      }
      return results;
    }

    /** Every committed value of the output topic, as a read_committed consumer sees them. */
    List<String> committedResults() {
      Properties config = new Properties();
      config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      List<String> values = new ArrayList<>();
      try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
        TopicPartition partition = new TopicPartition(output, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        while (consumer.position(partition) < end) {
          for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
            values.add(record.value());
          }
        }
      }
      return values;
    }

    /** The output partition's end offset: its records, committed or aborted, and its transaction markers. */
    long endOffset() {
      Properties config = new Properties();
      config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
        TopicPartition partition = new TopicPartition(output, 0);
        return consumer.endOffsets(List.of(partition)).get(partition);
      }
    }

    void cancel(String job) throws Exception {
      Result cancel = flink.scripts().run("flink-cluster.sh", "cancel", job, flink.workdirOption());
      assertThat(cancel.output(), cancel.status(), equalTo(0));
    }
  }

  /** The job's exception history from the REST API, as text. */
  private static String exceptions(String job) throws Exception {
    return restGet("/jobs/" + job + "/exceptions");
  }

  private static String restGet(String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create(flink.restUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    return response.body();
  }

  /** The TaskManager id in kill-taskmanager's "Killed TaskManager <id> (pid ...)". */
  private static String killed(String output) {
    return output.lines()
        .filter(l -> l.startsWith("Killed TaskManager "))
        .map(l -> l.split(" ")[2])
        .findFirst()
        .orElseThrow(() -> new AssertionError("no TaskManager killed:\n" + output));
  }
}
