package dev.eventide.transforms.io;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional producer of Beam's exactly-once Kafka sink, made safe to reuse after a failed
 * attempt.
 *
 * <p>Why: the sink keeps its producers in a cache that is static per JVM and puts a producer back
 * even when an attempt failed part way through a transaction (Beam 2.62, {@code
 * KafkaExactlyOnceSink}). When Flink restarts the job on the same TaskManager, the next attempt
 * takes that producer and begins a transaction while the old one is still open. That fails
 * ("Invalid transition attempted from state IN_TRANSACTION to state IN_TRANSACTION"), the producer
 * goes back into the cache, and every later restart fails the same way until the job gives up. This
 * was seen on the script cluster after an injected failure.
 *
 * <p>What this does: a transaction still open when the next one begins was left by a failed
 * attempt and never committed. It is aborted, and its records are never visible to a {@code
 * read_committed} reader. The sink counts as written only what it committed, so it sends those
 * records again. A producer stuck in any other state (a commit cut short, say) is reported as
 * fenced. The sink then closes it and makes a new one, which recovers the transaction from the
 * broker and the sink's progress from the consumer group.
 */
public final class RestartSafeProducer<K, V> implements Producer<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(RestartSafeProducer.class);

  private final Producer<K, V> delegate;

  public RestartSafeProducer(Producer<K, V> delegate) {
    this.delegate = delegate;
  }

  @Override
  public void beginTransaction() {
    try {
      delegate.beginTransaction();
    } catch (IllegalStateException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("from state IN_TRANSACTION to state IN_TRANSACTION")) {
        LOG.info("Aborting a transaction a failed attempt left open; its records are sent again");
        delegate.abortTransaction();
        delegate.beginTransaction();
        return;
      }
      throw new ProducerFencedException("a producer a failed attempt left in an unusable state: " + message);
    }
  }

  @Override
  public void initTransactions() {
    delegate.initTransactions();
  }

  @Override
  @SuppressWarnings("deprecation")
  public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, String consumerGroupId) {
    delegate.sendOffsetsToTransaction(offsets, consumerGroupId);
  }

  @Override
  public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
    delegate.sendOffsetsToTransaction(offsets, groupMetadata);
  }

  @Override
  public void commitTransaction() {
    delegate.commitTransaction();
  }

  @Override
  public void abortTransaction() {
    delegate.abortTransaction();
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<K, V> record) {
    return delegate.send(record);
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
    return delegate.send(record, callback);
  }

  @Override
  public void flush() {
    delegate.flush();
  }

  @Override
  public List<PartitionInfo> partitionsFor(String topic) {
    return delegate.partitionsFor(topic);
  }

  @Override
  public Map<MetricName, ? extends Metric> metrics() {
    return delegate.metrics();
  }

  @Override
  public Uuid clientInstanceId(Duration timeout) {
    return delegate.clientInstanceId(timeout);
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public void close(Duration timeout) {
    delegate.close(timeout);
  }
}
