package dev.eventide.pipelines.tools;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends text lines to Kafka in short transactions, so that a {@code read_committed} reader (every
 * Eventide job) sees each line exactly once, in order, even when the broker goes away and comes
 * back mid-replay.
 *
 * <p>Why not the idempotent producer alone: when a broker restarts under it, the Java client may
 * bump its producer epoch and send again a batch the broker had already written (a duplicate sale
 * was seen that way in a broker-outage test). In a transaction that ends in an error, nothing is
 * visible: this aborts it and sends its lines again in a new one.
 *
 * <p>While the broker is away, a commit waits for it (Kafka allows a timed-out commit to be
 * retried), and so does the caller: the replay pauses. After {@code giveUpAfter} without the
 * broker, {@link #send} and {@link #flush} throw.
 */
final class TransactionalLines implements AutoCloseable {

  /** A transaction ends once it is this old or holds this many lines. */
  private static final Duration COMMIT_EVERY = Duration.ofMillis(100);

  private static final int MAX_LINES = 10_000;

  private final KafkaProducer<String, String> producer;
  private final Duration giveUpAfter;
  private final PrintStream log;
  /** The open transaction's records, to send again if it is aborted. */
  private final List<ProducerRecord<String, String>> open = new ArrayList<>();
  private long openedAt;
  private boolean inTransaction;

  TransactionalLines(String bootstrapServers, Duration giveUpAfter, PrintStream log) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // A fresh id per run: replays do not fence one another.
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "eventide-lines-" + UUID.randomUUID());
    // A call that waits for the broker returns at least this often, to be retried or given up.
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(Math.min(10_000, Math.max(giveUpAfter.toMillis(), 1))));
    // The broker must not abort a transaction that waited out an outage the caller still waits for.
    // (Within the broker's transaction.max.timeout.ms, 15 minutes by default.)
    long transactionTimeout = Math.min(giveUpAfter.plusMinutes(1).toMillis(), Duration.ofMinutes(15).toMillis());
    config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, String.valueOf(transactionTimeout));
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(giveUpAfter.toMillis(), 30_000)));
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    this.giveUpAfter = giveUpAfter;
    this.log = log;
    retrying("initialise the transactions", producer::initTransactions);
  }

  /** Adds the record to the open transaction, committing it when it is due. */
  void send(ProducerRecord<String, String> record) {
    if (!inTransaction) {
      producer.beginTransaction();
      inTransaction = true;
      openedAt = System.nanoTime();
    }
    open.add(record);
    try {
      producer.send(record);
    } catch (KafkaException e) {
      // The transaction is in error (a failed send before this one): the commit aborts and resends.
    }
    if (open.size() >= MAX_LINES || System.nanoTime() - openedAt >= COMMIT_EVERY.toNanos()) {
      flush();
    }
  }

  /** Commits the open transaction; on an error, aborts it and sends its lines again until they commit. */
  void flush() {
    long started = System.nanoTime();
    while (inTransaction) {
      try {
        retrying("commit", producer::commitTransaction, started);
        inTransaction = false;
        open.clear();
      } catch (TimeoutException gaveUp) {
        // The broker stayed away (a KafkaException too, but not one to abort on).
        throw gaveUp;
      } catch (KafkaException failed) {
        // An abortable error (a send that failed, a transaction the broker ended): abort, send
        // again. After a fatal one (fenced, not authorised) the abort throws, and so does this.
        retrying("abort", producer::abortTransaction, started);
        producer.beginTransaction();
        openedAt = System.nanoTime();
        for (ProducerRecord<String, String> record : open) {
          try {
            producer.send(record);
          } catch (KafkaException e) {
            break; // the commit aborts again
          }
        }
      }
    }
  }

  private void retrying(String what, Runnable call) {
    retrying(what, call, System.nanoTime());
  }

  /**
   * Runs a transactional call, again while it times out (the broker does not answer) until {@code
   * giveUpAfter} from {@code started}; says once when it starts waiting and when the broker answers.
   */
  private void retrying(String what, Runnable call, long started) {
    boolean waited = false;
    while (true) {
      try {
        call.run();
        if (waited) {
          log.printf("Kafka answers again: %s done after %.1f s%n", what, (System.nanoTime() - started) / 1e9);
        }
        return;
      } catch (TimeoutException e) {
        if (System.nanoTime() - started >= giveUpAfter.toNanos()) {
          throw new TimeoutException("Kafka did not answer for " + giveUpAfter.toSeconds() + " s (" + what + ")", e);
        }
        if (!waited) {
          log.printf("Kafka does not answer (%s): waiting for it, up to %d s%n", what, giveUpAfter.toSeconds());
          waited = true;
        }
      }
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
