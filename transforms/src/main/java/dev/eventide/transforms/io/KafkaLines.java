package dev.eventide.transforms.io;

import dev.eventide.transforms.model.DeadLetter;
import dev.eventide.transforms.parse.Limits;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.TimestampPolicyFactory;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.VoidSerializer;
import org.joda.time.Duration;

/**
 * Lines to and from a Kafka topic: each record's value is one line (UTF-8); keys are not used.
 *
 * <pre>{@code
 * pipeline.apply(KafkaLines.read("127.0.0.1:9092", "sales").withConsumerGroup("eventide-sales"))
 *     ...
 *     .apply(KafkaLines.write("127.0.0.1:9092", "results").withExactlyOnce(1, "eventide-sales-sink"));
 * }</pre>
 */
public final class KafkaLines {

  private KafkaLines() {}

  /**
   * Reads the values of a topic's committed records ({@code read_committed}), from the group's
   * committed offsets or else from the beginning. Event time is the record's timestamp with a 1 s
   * bounded delay unless {@link Read#withEventTime} says otherwise.
   */
  public static Read read(String bootstrapServers, String topic) {
    return new Read(
        bootstrapServers,
        topic,
        null,
        KafkaEventTime.fromRecordTimestamp(Duration.standardSeconds(1), Duration.standardSeconds(10)));
  }

  /** Writes each line as a record value, at least once, stamped with the line's event time. */
  public static Write write(String bootstrapServers, String topic) {
    return new Write(bootstrapServers, topic, null);
  }

  /** Reading lines from Kafka: see {@link #read}. */
  public static final class Read extends PTransform<PBegin, SourceLines> {
    private final String bootstrapServers;
    private final String topic;
    private final String consumerGroup;
    private final TimestampPolicyFactory<String, String> eventTime;

    private Read(
        String bootstrapServers, String topic, String consumerGroup, TimestampPolicyFactory<String, String> eventTime) {
      this.bootstrapServers = bootstrapServers;
      this.topic = topic;
      this.consumerGroup = consumerGroup;
      this.eventTime = eventTime;
    }

    /**
     * The consumer group: its offsets are committed when a checkpoint completes (Flink) or a bundle
     * is finalized, so a fresh job of the same group goes on where the last one stopped. A job
     * restored from a checkpoint or savepoint resumes from the offsets in that snapshot.
     */
    public Read withConsumerGroup(String group) {
      return new Read(bootstrapServers, topic, group, eventTime);
    }

    /** How event time and the watermark come from the records (see {@link KafkaEventTime}). */
    public Read withEventTime(TimestampPolicyFactory<String, String> policy) {
      return new Read(bootstrapServers, topic, consumerGroup, policy);
    }

    @Override
    public SourceLines expand(PBegin input) {
      Map<String, Object> consumer = new HashMap<>();
      // A group without committed offsets starts at the beginning: the topic is the job's input.
      consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      KafkaIO.Read<String, String> read =
          KafkaIO.<String, String>read()
              .withBootstrapServers(bootstrapServers)
              .withTopic(topic)
              .withKeyDeserializer(StringDeserializer.class)
              .withValueDeserializer(StringDeserializer.class)
              .withReadCommitted()
              .withTimestampPolicyFactory(eventTime);
      if (consumerGroup != null) {
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, consumerGroup);
        read = read.commitOffsetsInFinalize();
      }
      // Beam 2.62's FlinkRunner read every partition twice after a savepoint restore (apache/beam
      // 31313), and a keyed step dropped offsets already seen; 2.70 reads once (the savepoint test
      // of KafkaExactlyOnceIT), so the values go straight on.
      PCollectionTuple records =
          input
              .apply("Read " + topic, read.withConsumerConfigUpdates(consumer))
              .apply("Values", ParDo.of(new ValuesFn()).withOutputTags(LINES, TupleTagList.of(REJECTED)));
      return SourceLines.of(
          records.get(LINES).setCoder(StringUtf8Coder.of()),
          records.get(REJECTED).setCoder(DeadLetter.DeadLetterCoder.of()));
    }
  }

  private static final TupleTag<String> LINES = new TupleTag<>() {};
  private static final TupleTag<DeadLetter> REJECTED = new TupleTag<>() {};

  /**
   * Each record's value as a line; a record whose timestamp no pipeline can carry (a producer that
   * wrote microseconds or nanoseconds as milliseconds) is a dead letter, counted in {@code
   * eventide.kafka/deadLetters}. Its event-time policy did not use that timestamp either.
   */
  private static final class ValuesFn extends DoFn<KafkaRecord<String, String>, String> {
    private final Counter deadLetters = Metrics.counter("eventide.kafka", "deadLetters");

    @ProcessElement
    public void process(@Element KafkaRecord<String, String> record, MultiOutputReceiver out) {
      // A record without a value (a tombstone) is an empty line: the parsers count it.
      String value = record.getKV().getValue() == null ? "" : record.getKV().getValue();
      if (!Limits.isEventTime(record.getTimestamp())) {
        deadLetters.inc();
        out.get(REJECTED)
            .output(
                new DeadLetter(
                    Limits.asKept(value),
                    "record timestamp " + record.getTimestamp() + " (" + record.getTopic() + "-" + record.getPartition()
                        + " offset " + record.getOffset() + ")" + Limits.EVENT_TIME_OUT_OF_RANGE));
        return;
      }
      out.get(LINES).output(value);
    }
  }

  /** How long the at-least-once writer lets results gather into one request. */
  private static final int LINGER_MS = 5;

  /** Writing lines to Kafka: see {@link #write}. */
  public static final class Write extends PTransform<PCollection<String>, PDone> {
    private final String bootstrapServers;
    private final String topic;
    private final ExactlyOnce exactlyOnce;
    private final Duration writeTimeout;

    private Write(String bootstrapServers, String topic, ExactlyOnce exactlyOnce) {
      this(bootstrapServers, topic, exactlyOnce, null);
    }

    private Write(String bootstrapServers, String topic, ExactlyOnce exactlyOnce, Duration writeTimeout) {
      this.bootstrapServers = bootstrapServers;
      this.topic = topic;
      this.exactlyOnce = exactlyOnce;
      this.writeTimeout = writeTimeout;
    }

    /**
     * How long a write may wait for the broker before it fails (Kafka's {@code delivery.timeout.ms}
     * and {@code max.block.ms}; each request's {@code request.timeout.ms} at most 30 s within it).
     * A failed write fails the task, which the runner restarts. Unset: Kafka's defaults (120 s for
     * a delivery, 60 s for a blocked call).
     */
    public Write withWriteTimeout(Duration timeout) {
      if (timeout.isShorterThan(Duration.millis(100))) {
        throw new IllegalArgumentException("a Kafka write timeout must be at least 100 ms, not " + timeout);
      }
      return new Write(bootstrapServers, topic, exactlyOnce, timeout);
    }

    /** The producer settings of {@link #withWriteTimeout}; none when it is unset. */
    private Map<String, Object> timeouts() {
      Map<String, Object> config = new HashMap<>();
      if (writeTimeout != null) {
        int millis = (int) Math.min(Integer.MAX_VALUE, writeTimeout.getMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (long) millis);
        // Kafka wants delivery.timeout.ms >= linger.ms + request.timeout.ms.
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(30_000, millis - LINGER_MS));
      }
      return config;
    }

    /**
     * Exactly once with Eventide's sink ({@link ExactlyOnceKafkaWrite}): lines in batches, a Kafka
     * transaction per batch holding the shard's progress in the consumer group {@code sinkGroupId},
     * so a restored job neither loses nor repeats a line. Needs checkpointing on Flink. Keep {@code
     * shards} at or below the topic's partitions. The group belongs to one deployment: a fresh job
     * needs a fresh group id, and a job resumed from a savepoint needs the group id it was started
     * with.
     */
    public Write withExactlyOnce(int shards, String sinkGroupId) {
      return withExactlyOnce(
          shards, sinkGroupId, ExactlyOnceKafkaWrite.DEFAULT_BATCH_SIZE, ExactlyOnceKafkaWrite.DEFAULT_BATCH_DELAY);
    }

    /** {@link #withExactlyOnce(int, String)} with batches of at most {@code batchSize} lines or {@code batchDelay}. */
    public Write withExactlyOnce(int shards, String sinkGroupId, int batchSize, Duration batchDelay) {
      // Checked here, when the job is built.
      ExactlyOnceKafkaWrite.to(bootstrapServers, topic, shards, sinkGroupId).withBatches(batchSize, batchDelay);
      return new Write(bootstrapServers, topic, new ExactlyOnce(false, shards, sinkGroupId, batchSize, batchDelay), writeTimeout);
    }

    /**
     * Exactly once with Beam's own sink ({@code KafkaIO.Write.withEOS}), for comparison: on the
     * FlinkRunner it commits a transaction per line.
     */
    public Write withBeamExactlyOnce(int shards, String sinkGroupId) {
      ExactlyOnceKafkaWrite.checkSink(shards, sinkGroupId);
      return new Write(bootstrapServers, topic, new ExactlyOnce(true, shards, sinkGroupId, 0, null), writeTimeout);
    }

    @Override
    public PDone expand(PCollection<String> lines) {
      if (exactlyOnce != null && !exactlyOnce.beams()) {
        return lines.apply(
            "Write " + topic,
            ExactlyOnceKafkaWrite.to(bootstrapServers, topic, exactlyOnce.shards(), exactlyOnce.sinkGroupId())
                .withBatches(exactlyOnce.batchSize(), exactlyOnce.batchDelay())
                .withProducerConfig(timeouts()));
      }
      Map<String, Object> producer = timeouts();
      // At least once without duplicates from the producer's own retries.
      producer.put(ProducerConfig.ACKS_CONFIG, "all");
      producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      // Results a few milliseconds apart share a request instead of one request each, which on a
      // busy broker costs more than the wait (Kafka 4 made 5 ms its default).
      producer.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
      KafkaIO.Write<Void, String> write =
          KafkaIO.<Void, String>write()
              .withBootstrapServers(bootstrapServers)
              .withTopic(topic)
              .withKeySerializer(VoidSerializer.class)
              .withValueSerializer(StringSerializer.class)
              // A result's record carries its event time (the end of its window).
              .withInputTimestamp();
      if (exactlyOnce != null) {
        producer.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, ShardTransactions.TRANSACTION_TIMEOUT_MS);
        write =
            write
                .withEOS(exactlyOnce.shards(), exactlyOnce.sinkGroupId())
                .withProducerFactoryFn(config -> new RestartSafeProducer<>(new KafkaProducer<Void, String>(config)));
      }
      return lines.apply("Write " + topic, write.withProducerConfigUpdates(producer).values());
    }
  }

  /** How a {@link Write} is exactly once: with Beam's sink or Eventide's, and their settings. */
  private record ExactlyOnce(boolean beams, int shards, String sinkGroupId, int batchSize, Duration batchDelay)
      implements Serializable {}
}
