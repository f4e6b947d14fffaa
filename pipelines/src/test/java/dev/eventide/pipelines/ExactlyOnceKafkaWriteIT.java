package dev.eventide.pipelines;

import static dev.eventide.transforms.io.ShardTransactions.Outcome.NOT_YET;
import static dev.eventide.transforms.io.ShardTransactions.Outcome.SKIPPED;
import static dev.eventide.transforms.io.ShardTransactions.Outcome.WRITTEN;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventide.testing.cluster.ScriptServers;
import dev.eventide.testing.cluster.ScriptServers.KafkaBroker;
import dev.eventide.transforms.io.ExactlyOnceKafkaWrite;
import dev.eventide.transforms.io.ShardBatch;
import dev.eventide.transforms.io.ShardTransactions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.joda.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Eventide's exactly-once Kafka sink on the real broker: a pipeline on the DirectRunner commits
 * every line once in few transactions (and the same check sees two offsets per line when batches
 * hold one line, so it can fail); and, shard by shard, a new producer fences the old one, whose
 * open transaction never becomes visible, and replayed batches are skipped. Replay through a real
 * restore is {@code KafkaExactlyOnceIT}'s.
 */
@ExtendWith(ScriptServers.class)
class ExactlyOnceKafkaWriteIT {

  private static final Instant START = Instant.parse("2018-06-01T00:00:00Z");

  private static KafkaBroker kafka;

  @BeforeAll
  static void broker(KafkaBroker broker) {
    kafka = broker;
  }

  @Test
  void aPipelineCommitsEveryLineOnceWithItsTimeInFewTransactions() throws Exception {
    Written written = writeLines("eos-batches", 6000, 1000);

    assertThat(written.records(), containsInAnyOrder(written.expected().toArray()));
    // One commit marker per transaction and partition: at least 6 batches of 1,000 over 2 shards.
    long markers = written.endOffsets() - 6000;
    assertThat(markers, greaterThanOrEqualTo(6L));
    assertThat("far less than one marker per line", markers, lessThan(6000L / 50));
  }

  @Test
  void batchesOfOneLineCostAMarkerPerLine() throws Exception {
    // The control: the check above can fail.
    Written written = writeLines("eos-single", 100, 1);

    assertThat(written.records(), containsInAnyOrder(written.expected().toArray()));
    assertThat(written.endOffsets(), equalTo(200L));
  }

  @Test
  void aFencedProducerNeverWritesABatchAnotherCommitted() throws Exception {
    String topic = topic("eos-fencing", 1);
    Map<String, Object> config = Map.of("bootstrap.servers", kafka.bootstrapServers());
    try (ShardTransactions old = ShardTransactions.open(config, topic, 0, "fencing-sink")) {
      assertThat(old.write(batch(0, "e1", 0, "a", "b"), null), equalTo(WRITTEN));

      // A newer producer of the shard (a restored attempt's): it fences the old one.
      try (ShardTransactions newer = ShardTransactions.open(config, topic, 0, "fencing-sink")) {
        assertThat(newer.committed(), equalTo(new ShardTransactions.Progress(0, "e1")));
        assertThat("a replayed batch is skipped", newer.write(batch(0, "e1", 0, "a", "b"), null), equalTo(SKIPPED));
        assertThat("a batch before its turn waits", newer.write(batch(0, "e1", 2, "d"), 0L), equalTo(NOT_YET));
        assertThat(newer.write(batch(0, "e1", 1, "c"), 0L), equalTo(WRITTEN));

        // The old one still thinks batch 1 is next: its transaction is fenced, and once it has
        // read the progress again it skips the batch instead of writing it twice.
        assertThat(old.write(batch(0, "e1", 1, "old copy of c"), 0L), equalTo(SKIPPED));
        // The newer one, fenced in turn, takes over again and goes on.
        assertThat(newer.write(batch(0, "e1", 2, "d"), 1L), equalTo(WRITTEN));
        IllegalStateException other = assertThrows(IllegalStateException.class, () -> newer.write(batch(0, "e2", 0, "x"), null));
        assertThat(other.getMessage(), containsString("another deployment"));
      }
    }
    assertThat(values(topic), containsInAnyOrder("a", "b", "c", "d"));
  }

  @Test
  void producersThatFenceEachOtherOverAndOverWriteEachBatchOnce() throws Exception {
    // Each write is by the producer that the other just fenced, with its lines still in flight
    // when it learns so: the moment at which a queued request could wait out max.block.ms.
    String topic = topic("eos-refencing", 1);
    Map<String, Object> config = Map.of("bootstrap.servers", kafka.bootstrapServers());
    List<String> expected = new ArrayList<>();
    try (ShardTransactions first = ShardTransactions.open(config, topic, 0, "refencing-sink");
        ShardTransactions second = ShardTransactions.open(config, topic, 0, "refencing-sink")) {
      for (int sequence = 0; sequence < 20; sequence++) {
        ShardTransactions fenced = sequence % 2 == 0 ? first : second;
        String[] lines = IntStream.range(0, 50).mapToObj(i -> "line " + (expected.size() + i)).toArray(String[]::new);
        long started = System.nanoTime();
        assertThat(fenced.write(batch(0, "e1", sequence, lines), sequence == 0 ? null : sequence - 1L), equalTo(WRITTEN));
        assertThat(
            "a fenced write takes over at once, not after max.block.ms",
            Duration.ofNanos(System.nanoTime() - started), lessThan(Duration.ofSeconds(30)));
        expected.addAll(List.of(lines));
      }
    }
    assertThat(values(topic), equalTo(expected));
  }

  @Test
  void aTransactionLeftOpenByADeadAttemptIsAbortedByTheNextProducer() throws Exception {
    String topic = topic("eos-open", 1);
    Map<String, Object> config = Map.of("bootstrap.servers", kafka.bootstrapServers());
    // A producer that began a transaction and sent records, then died (never closed, never committed).
    Properties raw = new Properties();
    raw.put("bootstrap.servers", kafka.bootstrapServers());
    raw.put("transactional.id", ShardTransactions.transactionalId("open-sink", 0));
    KafkaProducer<String, String> dead =
        new KafkaProducer<>(
            raw, new StringSerializer(), new StringSerializer());
    dead.initTransactions();
    dead.beginTransaction();
    dead.send(new ProducerRecord<>(topic, "never visible")).get();
    dead.flush();

    try (ShardTransactions next = ShardTransactions.open(config, topic, 0, "open-sink")) {
      assertThat(next.committed(), equalTo(null));
      assertThat(next.write(batch(0, "e1", 0, "visible"), null), equalTo(WRITTEN));
    }
    dead.close(Duration.ZERO);
    assertThat(values(topic), containsInAnyOrder("visible"));
  }

  @Test
  void aJobWhoseGroupLostItsProgressStopsInsteadOfRepeatingLines() throws Exception {
    String topic = topic("eos-lost", 1);
    Map<String, Object> config = Map.of("bootstrap.servers", kafka.bootstrapServers());
    try (ShardTransactions fresh = ShardTransactions.open(config, topic, 0, "lost-sink")) {
      IllegalStateException lost = assertThrows(IllegalStateException.class, () -> fresh.write(batch(0, "e1", 5, "x"), 4L));
      assertThat(lost.getMessage(), containsString("holds no progress"));
    }
    IllegalArgumentException shards =
        assertThrows(IllegalArgumentException.class, () -> ShardTransactions.open(config, topic, 1, "lost-sink"));
    assertThat(shards.getMessage(), containsString("--sinkShards at most 1"));
  }

  private record Written(List<String> expected, List<String> records, long endOffsets) {}

  /** {@code count} timestamped lines through the sink on the DirectRunner, into a 2-partition topic. */
  private static Written writeLines(String name, int count, int batchSize) throws Exception {
    String topic = topic(name, 2);
    List<TimestampedValue<String>> lines = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Instant time = START.plus(org.joda.time.Duration.millis(i * 7L));
      lines.add(TimestampedValue.of("line " + i, time));
      expected.add("line " + i + "@" + time.getMillis());
    }
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(DirectRunner.class);
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply(Create.timestamped(lines))
        .apply(
            ExactlyOnceKafkaWrite.to(kafka.bootstrapServers(), topic, 2, name + "-sink")
                .withBatches(batchSize, org.joda.time.Duration.standardSeconds(1)));
    assertThat(pipeline.run().waitUntilFinish(), equalTo(PipelineResult.State.DONE));

    List<String> records = new ArrayList<>();
    long end = 0;
    try (KafkaConsumer<String, String> consumer = consumer()) {
      List<TopicPartition> partitions = IntStream.range(0, 2).mapToObj(p -> new TopicPartition(topic, p)).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      end = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
      for (ConsumerRecord<String, String> record : readAll(consumer, partitions)) {
        records.add(record.value() + "@" + record.timestamp());
      }
    }
    return new Written(expected, records, end);
  }

  private static String topic(String name, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    }
    return name;
  }

  private static ShardBatch batch(int shard, String epoch, long sequence, String... lines) {
    return new ShardBatch(shard, epoch, sequence, List.of(lines), List.of(lines).stream().map(l -> START.getMillis()).toList());
  }

  private static List<String> values(String topic) {
    try (KafkaConsumer<String, String> consumer = consumer()) {
      List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      return readAll(consumer, partitions).stream().map(ConsumerRecord::value).toList();
    }
  }

  private static KafkaConsumer<String, String> consumer() {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
  }

  /** Every committed record up to the partitions' current ends. */
  private static List<ConsumerRecord<String, String>> readAll(KafkaConsumer<String, String> consumer, List<TopicPartition> partitions) {
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
      consumer.poll(Duration.ofMillis(500)).forEach(records::add);
    }
    return records;
  }
}
