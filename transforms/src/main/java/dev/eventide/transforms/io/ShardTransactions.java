package dev.eventide.transforms.io;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka side of one shard of {@link ExactlyOnceKafkaWrite}: a transactional producer whose
 * every transaction holds one batch and the shard's progress (the batch's sequence number and
 * epoch, committed as the offset of partition {@code shard} of the output topic in the sink group).
 *
 * <p>{@link #open} fences any earlier producer of the shard (a zombie of a failed attempt: its
 * open transaction is aborted, and its next call fails) and reads the committed progress. {@link
 * #write} then skips a batch at or below it (a batch a restored job replays), commits the next one,
 * and leaves a later one to wait (a runner need not keep a shard's batches in order). A batch of
 * another deployment's epoch, or progress the job's state has but the group lost, is an error.
 */
public final class ShardTransactions implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ShardTransactions.class);

  /**
   * The producer's transaction timeout. It must stay below the broker's {@code
   * transaction.max.timeout.ms} (15 minutes by default), or the producer is refused; a transaction
   * left open by a failed task is aborted by the broker after it, or at once by the shard's next
   * producer.
   */
  static final int TRANSACTION_TIMEOUT_MS = 5 * 60 * 1000;

  /** What the sink group holds for a shard: the last committed batch and the epoch it belonged to. */
  public record Progress(long sequence, String epoch) {}

  private final String topic;
  private final int shard;
  private final String sinkGroupId;
  private final Map<String, Object> config;
  private Producer<byte[], String> producer;
  private final TopicPartition progressKey;
  private Progress committed;
  private long firstSkipped = -1;
  private long lastSkipped = -1;

  private ShardTransactions(
      Map<String, Object> config, String topic, int shard, String sinkGroupId, Producer<byte[], String> producer, Progress committed) {
    this.config = config;
    this.topic = topic;
    this.shard = shard;
    this.sinkGroupId = sinkGroupId;
    this.producer = producer;
    this.progressKey = new TopicPartition(topic, shard);
    this.committed = committed;
  }

  /** The transactional id of a shard: one per sink group and shard, stable across restarts. */
  public static String transactionalId(String sinkGroupId, int shard) {
    return sinkGroupId + "-shard-" + shard;
  }

  /**
   * A producer for {@code shard} that has fenced every earlier one, with the group's progress.
   * {@code config} holds at least the bootstrap servers.
   */
  public static ShardTransactions open(Map<String, Object> config, String topic, int shard, String sinkGroupId) {
    Map<String, Object> producerConfig = new HashMap<>(config);
    producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(sinkGroupId, shard));
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
    Producer<byte[], String> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new StringSerializer());
    try {
      // Fences the shard's earlier producers and aborts a transaction one left open, so the
      // progress read next is settled.
      producer.initTransactions();
      int partitions = producer.partitionsFor(topic).size();
      if (shard >= partitions) {
        throw new IllegalArgumentException(
            "exactly-once shard " + shard + " needs partition " + shard + " of topic '" + topic + "', which has "
                + partitions + ": give --sinkShards at most " + partitions);
      }
      Progress progress = committedProgress(config, topic, shard, sinkGroupId);
      LOG.info(
          "Sink group '{}', shard {}: {}",
          sinkGroupId,
          shard,
          progress == null ? "nothing committed yet" : "committed through batch " + progress.sequence() + " of epoch " + progress.epoch());
      return new ShardTransactions(config, topic, shard, sinkGroupId, producer, progress);
    } catch (RuntimeException e) {
      producer.close(Duration.ZERO);
      throw e;
    }
  }

  /** The progress the sink group holds for {@code shard}, as a {@code read_committed} consumer sees it. */
  public static Progress committedProgress(Map<String, Object> config, String topic, int shard, String sinkGroupId) {
    Map<String, Object> consumerConfig = new HashMap<>();
    consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
    consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, sinkGroupId);
    // Waits for offsets that a transaction still being completed commits.
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    TopicPartition key = new TopicPartition(topic, shard);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      OffsetAndMetadata offset = consumer.committed(Set.of(key), Duration.ofMinutes(1)).get(key);
      return offset == null ? null : new Progress(offset.offset(), offset.metadata());
    }
  }

  /** What {@link #write} did with a batch. */
  public enum Outcome {
    /** Committed, with the shard's progress. */
    WRITTEN,
    /** Already committed: a batch a restored job replays. */
    SKIPPED,
    /** Not next: batches before it have not come yet (keep it and offer it again). */
    NOT_YET
  }

  /**
   * Commits {@code batch} in one transaction with the shard's new progress if it is the next one,
   * skips it when the group already holds it, and otherwise says it must wait. {@code
   * writtenInState} is the last batch the job's own state says it wrote (null for none); the
   * progress is read again before a batch is held early or the group's progress lost, since
   * another producer of the shard may have moved it on. Fenced by a newer producer of the shard,
   * or timed out, it opens another once and decides again from the progress it reads; any other
   * Kafka error aborts the transaction and is rethrown, and the producer is then unusable.
   */
  public Outcome write(ShardBatch batch, Long writtenInState) {
    if (batch.shard() != shard) {
      throw new IllegalArgumentException("a batch of shard " + batch.shard() + " given to shard " + shard);
    }
    Outcome outcome = committed == null && writtenInState != null ? Outcome.NOT_YET : decide(batch);
    if (outcome == Outcome.NOT_YET) {
      // Another producer of the shard (one a runner made in another thread, say) may have moved
      // the progress on since this one read it.
      committed = committedProgress(config, topic, shard, sinkGroupId);
      outcome = decide(batch);
    }
    checkProgress(batch, writtenInState);
    if (outcome != Outcome.WRITTEN) {
      return outcome;
    }
    if (firstSkipped >= 0) {
      LOG.info(
          "Sink group '{}', shard {}: skipped batches {} to {}, committed before the restore",
          sinkGroupId, shard, firstSkipped, lastSkipped);
      firstSkipped = -1;
    }
    try {
      commit(batch);
    } catch (ProducerFencedException | InvalidProducerEpochException | TimeoutException e) {
      // A newer producer of this shard took over, or the broker did not answer in time (so the
      // transaction may or may not have committed). Opening another producer settles the
      // transaction either way; from the progress it then reads, the batch is written if it is
      // still the next one and skipped if it was committed.
      LOG.info(
          "Sink group '{}', shard {}: {}; opening another producer",
          sinkGroupId, shard, e instanceof TimeoutException ? "the transaction timed out" : "fenced by a newer producer");
      producer.close(Duration.ZERO);
      ShardTransactions reopened = open(config, topic, shard, sinkGroupId);
      producer = reopened.producer;
      committed = reopened.committed;
      checkProgress(batch, writtenInState);
      outcome = decide(batch);
      if (outcome != Outcome.WRITTEN) {
        return outcome;
      }
      commit(batch);
    }
    committed = new Progress(batch.sequence(), batch.epoch());
    return Outcome.WRITTEN;
  }

  /**
   * Refuses a batch that the group's progress says belongs to another deployment, or whose
   * progress the group lost.
   */
  private void checkProgress(ShardBatch batch, Long writtenInState) {
    if (committed == null && writtenInState != null) {
      throw new IllegalStateException(
          "the job wrote batch " + writtenInState + " of shard " + shard + " but sink group '" + sinkGroupId
              + "' holds no progress: resume with the --sinkGroupId it was started with (or its offsets have"
              + " expired: offsets.retention.minutes)");
    }
    if (committed != null && !committed.epoch().equals(batch.epoch())) {
      throw new IllegalStateException(
          "sink group '" + sinkGroupId + "' holds the progress of another deployment (epoch " + committed.epoch()
              + ", this job's is " + batch.epoch() + "): a fresh job needs a fresh --sinkGroupId, a resumed one the id it"
              + " was started with");
    }
  }

  /** What to do with {@code batch} given the progress known: write it (it is next), skip it, or wait. */
  private Outcome decide(ShardBatch batch) {
    long last = committed == null ? -1 : committed.sequence();
    if (batch.sequence() <= last) {
      firstSkipped = firstSkipped < 0 ? batch.sequence() : firstSkipped;
      lastSkipped = Math.max(lastSkipped, batch.sequence());
      return Outcome.SKIPPED;
    }
    return batch.sequence() == last + 1 ? Outcome.WRITTEN : Outcome.NOT_YET;
  }

  /** One transaction: the batch's lines and the shard's new progress. */
  private void commit(ShardBatch batch) {
    try {
      producer.beginTransaction();
      List<Future<RecordMetadata>> sends = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        sends.add(producer.send(new ProducerRecord<>(topic, null, batch.times().get(i), null, batch.lines().get(i))));
      }
      awaitSends(sends);
      // A producer fenced while its sends are in flight stops sending, and a request queued
      // behind them would then wait out max.block.ms: flushing first makes the fencing surface
      // here, as a ProducerFencedException from the call below.
      producer.flush();
      producer.sendOffsetsToTransaction(
          Map.of(progressKey, new OffsetAndMetadata(batch.sequence(), batch.epoch())), new ConsumerGroupMetadata(sinkGroupId));
      producer.commitTransaction();
    } catch (ProducerFencedException | InvalidProducerEpochException | TimeoutException e) {
      throw e;
    } catch (KafkaException | IllegalStateException e) {
      abortQuietly();
      throw e;
    }
  }

  /**
   * Waits for the batch's sends, at most the delivery timeout in all. Kafka's own flush can wait
   * far longer: a transactional producer that cannot reach its coordinator expires nothing until
   * it does, so a write would wait out a whole outage whatever the timeout says.
   */
  private void awaitSends(List<Future<RecordMetadata>> sends) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deliveryTimeoutMillis());
    for (Future<RecordMetadata> send : sends) {
      try {
        send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new TimeoutException("the batch's records were not acknowledged within " + deliveryTimeoutMillis() + " ms");
      } catch (ExecutionException e) {
        // The transaction is in error: the calls after this raise it.
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptException(e);
      }
    }
  }

  /** The producer's delivery.timeout.ms, or Kafka's default of 2 minutes. */
  private long deliveryTimeoutMillis() {
    Object configured = config.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
    return configured == null ? 120_000 : Long.parseLong(configured.toString());
  }

  /** The last batch the group holds for this shard, as this producer knows it. */
  public Progress committed() {
    return committed;
  }

  private void abortQuietly() {
    try {
      producer.abortTransaction();
    } catch (RuntimeException ignored) {
      // A fenced or broken producer cannot abort; the shard's next producer aborts it.
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
