package dev.eventide.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.eventide.testing.cluster.ScriptServers;
import dev.eventide.testing.cluster.ScriptServers.KafkaBroker;
import dev.eventide.testing.scripts.Scripts;
import dev.eventide.transforms.io.RestartSafeProducer;
import dev.eventide.testing.scripts.Scripts.Result;
import dev.eventide.pipelines.sales.SalesGeneratorOptions;
import dev.eventide.pipelines.sales.SalesOptions;
import dev.eventide.transforms.io.SaleGenerator;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real Kafka broker of {@code scripts/kafka.sh} (KRaft, from Maven's jars; the one the
 * integration tests share, whose start, stop and restart {@link ScriptServers} and {@code
 * KafkaOutageIT} check) and its client commands, as the walkthrough uses them: a topic is created,
 * lines go in as records, and consume shows what a {@code read_committed} reader sees, so an
 * aborted transaction never shows.
 */
@ExtendWith(ScriptServers.class)
class KafkaScriptsIT {

  private static Scripts SCRIPTS;
  private static String bootstrap;

  @BeforeAll
  static void onTheSharedBroker(KafkaBroker kafka) {
    SCRIPTS = kafka.scripts();
    bootstrap = "--bootstrap=" + kafka.bootstrapServers();
  }

  @Test
  void linesProducedToATopicAreConsumedFromTheBeginning() throws Exception {
    Result create = SCRIPTS.run("kafka.sh", "topic", "create", "scripts-lines", "--partitions", "2", bootstrap);
    assertThat(create.output(), create.status(), equalTo(0));
    Result again = SCRIPTS.run("kafka.sh", "topic", "create", "scripts-lines", bootstrap);
    assertThat(again.status(), equalTo(1));
    assertThat(again.output(), containsString("already exists"));

    Result produce = SCRIPTS.runWithInput("first\nsecond\nthird\n", "kafka.sh", "produce", "scripts-lines", bootstrap);
    assertThat(produce.output(), produce.status(), equalTo(0));
    assertThat(values(SCRIPTS.run("kafka.sh", "consume", "scripts-lines", "--timeout", "2", bootstrap)), containsInAnyOrder("first", "second", "third"));
  }

  @Test
  void consumeShowsCommittedTransactionsOnly() throws Exception {
    assertThat(SCRIPTS.run("kafka.sh", "topic", "create", "scripts-transactions", bootstrap).status(), equalTo(0));
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.substring("--bootstrap=".length()));
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "kafka-scripts-it");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("scripts-transactions", "committed"));
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("scripts-transactions", "aborted"));
      producer.flush();
      producer.abortTransaction();
    }
    assertThat(values(SCRIPTS.run("kafka.sh", "consume", "scripts-transactions", "--timeout", "2", bootstrap)), containsInAnyOrder("committed"));
  }

  @Test
  void aTransactionAFailedAttemptLeftOpenIsAbortedWhenTheNextOneBegins() throws Exception {
    // What Beam's exactly-once sink does with a producer it reuses after a failed attempt.
    assertThat(SCRIPTS.run("kafka.sh", "topic", "create", "scripts-reused", bootstrap).status(), equalTo(0));
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker());
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "restart-safe");
    try (RestartSafeProducer<String, String> producer =
        new RestartSafeProducer<>(new KafkaProducer<>(config, new StringSerializer(), new StringSerializer()))) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("scripts-reused", "sent by the failed attempt"));
      producer.flush();
      // The attempt fails here; the next one begins on the same producer.
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("scripts-reused", "sent again and committed"));
      producer.commitTransaction();
    }
    assertThat(
        values(SCRIPTS.run("kafka.sh", "consume", "scripts-reused", "--timeout", "2", bootstrap)),
        containsInAnyOrder("sent again and committed"));
  }

  @Test
  void replayedSalesCarryTheirEventTimesAsRecordTimestamps() throws Exception {
    assertThat(SCRIPTS.run("kafka.sh", "topic", "create", "scripts-sales", "--partitions", "2", bootstrap).status(), equalTo(0));
    String[] generator = {"--generatorRecords=300", "--generatorSeed=4", "--generatorMalformedFraction=0.05"};
    List<String> args = new ArrayList<>(List.of("--topic=scripts-sales", "--ratePerSecond=0", "--bootstrapServers=" + broker()));
    args.addAll(List.of(generator));
    Result replay = SCRIPTS.run("replay-sales.sh", args.toArray(String[]::new));
    assertThat(replay.output(), replay.status(), equalTo(0));

    SaleGenerator sales = SalesGeneratorOptions.generator(PipelineOptionsFactory.fromArgs(generator).as(SalesOptions.class));
    Map<String, Long> expected = new HashMap<>();
    List<String> lines = new ArrayList<>();
    for (long i = 0; i < 300; i++) {
      String line = sales.line(i);
      lines.add(line);
      sales.sale(i).ifPresent(sale -> expected.put(line, sale.eventTime().getMillis()));
    }
    Map<String, Long> stamped = new HashMap<>();
    List<String> values = new ArrayList<>();
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker());
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = List.of(new TopicPartition("scripts-sales", 0), new TopicPartition("scripts-sales", 1));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (values.size() < 300 && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(record.value());
          stamped.put(record.value(), record.timestamp());
          assertThat(record.timestampType(), equalTo(TimestampType.CREATE_TIME));
        }
      }
    }
    assertThat(values, containsInAnyOrder(lines.toArray()));
    expected.forEach((line, time) -> assertThat(line, stamped.get(line), equalTo(time)));
  }

  @Test
  void aReplayGivesUpOnABrokerThatDoesNotAnswerAfterItsWriteTimeout() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Result replay =
        SCRIPTS.run(
            "replay-sales.sh", "--topic=scripts-nowhere", "--bootstrapServers=127.0.0.1:" + closedPort, "--writeTimeout=3s",
            "--generatorRecords=10");
    assertThat(replay.output(), replay.status(), equalTo(1));
    assertThat(replay.output(), containsString("Gave up: Kafka did not answer for 3 s"));
    assertThat(replay.output(), not(containsString("\tat ")));
  }

  @Test
  void consumingATopicThatDoesNotExistFails() throws Exception {
    Result consume = SCRIPTS.run("kafka.sh", "consume", "no-such-topic", "--timeout", "1", bootstrap);
    assertThat(consume.status(), equalTo(1));
    assertThat(consume.output(), containsString("No topic no-such-topic"));
  }

  /** The consumed values: the lines between the build's output and the closing summary. */
  private static List<String> values(Result consume) {
    assertThat(consume.output(), consume.status(), equalTo(0));
    return consume.output().lines()
        .map(line -> line.replaceAll("\u001B\\[[0-9;]*m", ""))
        .filter(line -> !line.isBlank() && !line.startsWith("Consumed "))
        .toList();
  }

  private static String broker() {
    return bootstrap.substring("--bootstrap=".length());
  }
}
