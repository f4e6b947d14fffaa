package dev.eventide.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import dev.eventide.pipelines.sales.SalesGeneratorOptions;
import dev.eventide.pipelines.sales.SalesOptions;
import dev.eventide.pipelines.sales.SalesResults;
import dev.eventide.testing.cluster.ScriptServers.FlinkCluster;
import dev.eventide.testing.cluster.ScriptServers.KafkaBroker;
import dev.eventide.testing.scripts.Scripts.Result;
import dev.eventide.transforms.aggregate.SaleKey;
import dev.eventide.transforms.io.SaleGenerator;
import dev.eventide.transforms.model.Sale;
import dev.eventide.transforms.windowing.WindowSpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventide.pipelines.tools.GenerateSalesFile;
import dev.eventide.transforms.parse.InvalidRecordException;
import dev.eventide.transforms.parse.SaleParser;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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

/**
 * One run of the sales job on a cluster of the scripts, from its own input topic to its own output
 * topic, the way the README's exactly-once walkthrough does it: the generator's 3,000 sales are
 * replayed into partition 0 (the other partitions stay idle and must not hold the watermark), a
 * last line stamped now closes every window, and a {@code read_committed} consumer reads the
 * results. The recovery tests break the run in different ways and compare the results with
 * {@link #expectedResults()}.
 */
final class KafkaDrill {

  static final String[] GENERATOR = {"--generatorRecords=3000", "--generatorSeed=17"};
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Part way: the 3,000 sales span 300 s of event time, replayed in 12 s. */
  static final String FAIL_AT = "2018-06-01T00:02:00Z";

  final FlinkCluster flink;
  final KafkaBroker kafka;
  final String name;
  final int partitions;
  final String[] options;
  final String input;
  final String output;

  /** Its topics: the input with {@code partitions}, the output with one. */
  KafkaDrill(FlinkCluster flink, KafkaBroker kafka, String name, int partitions, String... options) throws Exception {
    this.flink = flink;
    this.kafka = kafka;
    this.name = name;
    this.partitions = partitions;
    this.options = options;
    this.input = name + "-input";
    this.output = name + "-output";
    for (String[] topic : List.of(new String[] {input, String.valueOf(partitions)}, new String[] {output, "1"})) {
      Result create =
          kafka.scripts().run("kafka.sh", "topic", "create", topic[0], "--partitions", topic[1], "--bootstrap=" + kafka.bootstrapServers());
      assertThat(create.output(), create.status(), equalTo(0));
    }
  }

  /** Every window result of the generator's sales: per month, in 2 s windows. */
  static Set<String> expectedResults() {
    SaleGenerator generator = SalesGeneratorOptions.generator(PipelineOptionsFactory.fromArgs(GENERATOR).as(SalesOptions.class));
    List<Sale> sales = new ArrayList<>();
    for (long i = 0; i < 3000; i++) {
      generator.sale(i).ifPresent(sales::add);
    }
    return SalesResults.expected(sales, WindowSpec.parse("fixed:2s"), SaleKey.MONTH);
  }

  /** The recovery drill's options: the job fails once at {@link #FAIL_AT}. */
  String[] failingOnce() {
    return new String[] {"--failOnceAt=" + FAIL_AT, "--failOnceMarker=" + flink.workdir().resolve(name + "-drill")};
  }

  /** Submits the sales job with the drill's options and {@code extra}; returns the job id. */
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
    List<String> given = new ArrayList<>(List.of(options));
    given.addAll(List.of(extra));
    // An option given replaces the drill's own.
    args.removeIf(a -> a.startsWith("--") && given.stream().anyMatch(g -> g.startsWith(a.substring(0, a.indexOf('=') + 1))));
    args.addAll(given);
    Result submit = flink.scripts().run("submit.sh", args.toArray(String[]::new));
    assertThat(submit.output(), submit.status(), equalTo(0));
    return FlinkCluster.jobIdIn(submit);
  }

  /** The generator's sales into partition 0 at 250 a second (12 s), in the background. */
  CompletableFuture<Result> replay() {
    return replay(250);
  }

  /** The generator's sales into partition 0 at {@code ratePerSecond}, in the background. */
  CompletableFuture<Result> replay(int ratePerSecond) {
    return replay(ratePerSecond, 3000);
  }

  /** The first {@code sales} of the generator's (the drill's 3,000, or more) likewise. */
  CompletableFuture<Result> replay(int ratePerSecond, int sales) {
    List<String> args =
        new ArrayList<>(
            List.of("--topic=" + input, "--bootstrapServers=" + kafka.bootstrapServers(), "--ratePerSecond=" + ratePerSecond, "--partition=0"));
    args.add("--generatorRecords=" + sales);
    // The generator's seed; its records are given just above.
    Arrays.stream(GENERATOR).filter(a -> !a.startsWith("--generatorRecords=")).forEach(args::add);
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return kafka.scripts().run("replay-sales.sh", args.toArray(String[]::new));
          } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /**
   * The generator's sales lines (with their malformed ones) in {@code parts} files of about equal
   * size, in order, under {@code folder}.
   */
  static List<Path> salesInParts(Path folder, int parts) throws IOException {
    Path all = folder.resolve("sales.csv");
    List<String> args = new ArrayList<>(List.of(GENERATOR));
    args.add("--file=" + all);
    GenerateSalesFile.run(args.toArray(String[]::new), new PrintStream(OutputStream.nullOutputStream()), System.err);
    List<String> lines = Files.readAllLines(all);
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < parts; i++) {
      Path part = folder.resolve("sales-" + (i + 1) + "-of-" + parts + ".csv");
      Files.write(part, lines.subList(lines.size() * i / parts, lines.size() * (i + 1) / parts));
      files.add(part);
    }
    return files;
  }

  /**
   * How many of {@link #expectedResults()} the job can have written once it has read the sales up
   * to the end of {@code part}, sent by {@link #sendToEveryPartition}: the windows its watermark
   * (the least of the partitions' latest event times, less the 1 s delay) has passed.
   */
  int resultsUpTo(Path part) throws IOException {
    long[] latest = new long[partitions];
    List<String> lines = Files.readAllLines(part);
    for (int i = 0; i < lines.size(); i++) {
      Long time = eventTime(lines.get(i));
      if (time != null) {
        latest[i % partitions] = Math.max(latest[i % partitions], time);
      }
    }
    Instant watermark = Instant.ofEpochMilli(Arrays.stream(latest).min().orElseThrow()).minusSeconds(1);
    int windows = 0;
    for (String result : expectedResults()) {
      Instant end = Instant.parse(JSON.readTree(result).get("windowEnd").asText());
      windows += end.isAfter(watermark) ? 0 : 1;
    }
    return windows;
  }

  /**
   * Sends the lines of {@code file} to the input's partitions in turn, each record stamped with
   * its sale's event time (a malformed line with the one before it), so that every partition, and
   * every reader of a job at any parallelism, has sales up to about the file's end.
   */
  void sendToEveryPartition(Path file) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      List<String> lines = Files.readAllLines(file);
      long time = 0;
      for (int i = 0; i < lines.size(); i++) {
        Long own = eventTime(lines.get(i));
        time = own == null ? time : own;
        producer.send(new ProducerRecord<>(input, i % partitions, time, null, lines.get(i).getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  /** A line stamped now in every partition of the input: every reader's watermark passes 2018. */
  void closeAllWindowsInEveryPartition() throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (int p = 0; p < partitions; p++) {
        byte[] line = "end of the replay".getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(input, p, System.currentTimeMillis(), null, line)).get();
      }
    }
  }

  private KafkaProducer<byte[], byte[]> producer() {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** A sales line's event time in epoch milliseconds; null for a malformed line. */
  private static Long eventTime(String line) {
    try {
      return new SaleParser().parse(line).eventTime().getMillis();
    } catch (InvalidRecordException malformed) {
      return null;
    }
  }

  /** Stops the job with a savepoint (scripts/savepoint.sh stop); returns the savepoint's path. */
  String stopWithSavepoint(String job) throws Exception {
    Result stop = flink.scripts().run("savepoint.sh", "stop", job, flink.workdirOption());
    assertThat(stop.output(), stop.status(), equalTo(0));
    return stop.output().strip().lines().reduce((a, b) -> b).orElseThrow();
  }

  /** A line stamped now (a dead letter, not a sale) moves the watermark past every 2018 window. */
  void closeAllWindows() throws Exception {
    Result produce =
        kafka.scripts().runWithInput("end of the replay\n", "kafka.sh", "produce", input, "--bootstrap=" + kafka.bootstrapServers());
    assertThat(produce.output(), produce.status(), equalTo(0));
  }

  /** Kills the TaskManager the job runs on once {@code results} results are out. */
  Result killTaskManagerOnceResults(int results) throws Exception {
    awaitResults(results);
    Result kill = flink.scripts().run("flink-cluster.sh", "kill-taskmanager", flink.workdirOption());
    assertThat(kill.output(), kill.status(), equalTo(0));
    return kill;
  }

  /** Waits (up to 2 minutes) until at least {@code results} results are committed. */
  void awaitResults(int results) throws Exception {
    List<String> some = waitForResults(r -> r.size() >= results, 120);
    assertThat(some.toString(), some.size(), greaterThanOrEqualTo(results));
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

  /**
   * Waits until the job runs with every task of each operator at {@code parallelism} running (a
   * source reader without a split of its own finishes at once).
   */
  static void awaitAllTasksRunning(FlinkCluster flink, String job, int parallelism) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    JsonNode state = null;
    while (System.nanoTime() < deadline) {
      state = JSON.readTree(restGet(flink, "/jobs/" + job));
      boolean running = state.path("state").asText().equals("RUNNING") && state.path("vertices").size() > 0;
      for (JsonNode vertex : state.path("vertices")) {
        int tasks = vertex.path("tasks").path("RUNNING").asInt() + vertex.path("tasks").path("FINISHED").asInt();
        running &= tasks == vertex.path("parallelism").asInt();
      }
      if (running) {
        int widest = state.path("vertices").findValues("parallelism").stream().mapToInt(JsonNode::asInt).max().orElse(0);
        assertThat(state.toString(), widest, equalTo(parallelism));
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("job " + job + " not running at parallelism " + parallelism + " after 120 s: " + state);
  }

  /** How many checkpoints the job has completed, from the REST API. */
  static int completedCheckpoints(FlinkCluster flink, String job) throws Exception {
    return JSON.readTree(restGet(flink, "/jobs/" + job + "/checkpoints")).path("counts").path("completed").asInt();
  }

  /** Waits (up to a minute) until the job has completed at least {@code count} checkpoints. */
  static void awaitCheckpoints(FlinkCluster flink, String job, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (completedCheckpoints(flink, job) < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("job " + job + " completed fewer than " + count + " checkpoints in a minute");
      }
      Thread.sleep(50);
    }
  }

  /**
   * Waits for two more completed checkpoints. A result the sink holds is committed with the next
   * one, so any duplicate a restart may have sent would be visible after them.
   */
  static void awaitTwoMoreCheckpoints(FlinkCluster flink, String job) throws Exception {
    awaitCheckpoints(flink, job, completedCheckpoints(flink, job) + 2);
  }

  /** Cancels the job if it still runs: a failed test must not leave it holding the shared cluster's slots. */
  static void cancelIfRunning(FlinkCluster flink, String job) {
    try {
      if (job != null && restGet(flink, "/jobs/" + job).contains("\"state\":\"RUNNING\"")) {
        flink.scripts().run("flink-cluster.sh", "cancel", job, flink.workdirOption());
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not cancel job " + job, e);
    }
  }

  /** The job's exception history from the REST API, as text. */
  static String exceptions(FlinkCluster flink, String job) throws Exception {
    return restGet(flink, "/jobs/" + job + "/exceptions");
  }

  /** A GET of the cluster's REST API (through the JobManager the scripts talk to). */
  static String restGet(FlinkCluster flink, String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create(flink.restUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    return response.body();
  }

  /** The TaskManager id in kill-taskmanager's "Killed TaskManager <id> (pid ...)". */
  static String killed(String output) {
    return output.lines()
        .filter(l -> l.startsWith("Killed TaskManager "))
        .map(l -> l.split(" ")[2])
        .findFirst()
        .orElseThrow(() -> new AssertionError("no TaskManager killed:\n" + output));
  }
}
