package dev.eventide.transforms.io;

import dev.eventide.transforms.parse.Limits;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.io.kafka.TimestampPolicyFactory;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.kafka.common.TopicPartition;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Event time for KafkaIO records with a bounded delay, and Flink's idleness for partitions: a
 * partition's watermark trails the latest event time it has seen by {@code maxDelay}; a partition
 * with no backlog and no record for {@code idleAfter} (of processing time) stops holding the
 * watermark back, so a partition that never receives a record does not stall the job.
 *
 * <p>Why not Beam's {@code withCreateTime(maxDelay)}: once a partition is caught up it moves the
 * watermark to processing time minus the delay. For a replay of old data (the summary's sales of
 * 2018, sent today) that makes every record after the first catch-up late.
 *
 * <p>How idleness works: the policies of one reader share what each partition's watermark is. An
 * idle partition follows the lowest watermark of the active ones, so it no longer counts. When
 * every partition is idle, each follows the most advanced one: the last record of a replay, on any
 * partition, closes the windows before it. No partition's watermark
 * ever goes back: a record that comes to an idle partition behind the watermark is late, as with
 * Flink's idleness. The sharing is per reader, and a reader holds every partition when the source
 * runs with parallelism 1. With more, a reader whose partitions are all idle holds its watermark
 * and with it the job's.
 */
public final class KafkaEventTime<K, V> implements TimestampPolicyFactory<K, V> {

  /** Processing time, replaceable in tests. */
  public interface Clock extends java.io.Serializable {
    Instant now();
  }

  private final SerializableFunction<KafkaRecord<K, V>, Instant> eventTime;
  private final Duration maxDelay;
  private final Duration idleAfter;
  private final Clock clock;

  /** The watermark of each partition of this reader, and whether it is idle. */
  private transient Map<TopicPartition, PartitionState> partitions;

  private KafkaEventTime(
      SerializableFunction<KafkaRecord<K, V>, Instant> eventTime, Duration maxDelay, Duration idleAfter, Clock clock) {
    this.eventTime = eventTime;
    this.maxDelay = maxDelay;
    this.idleAfter = idleAfter;
    this.clock = clock;
  }

  /** Event time from the record's timestamp (create time, or log-append time if the topic says so). */
  public static <K, V> KafkaEventTime<K, V> fromRecordTimestamp(Duration maxDelay, Duration idleAfter) {
    return new KafkaEventTime<>(record -> new Instant(record.getTimestamp()), maxDelay, idleAfter, Instant::now);
  }

  /**
   * Event time from the record itself, e.g. a timestamp field in the payload. A record the function
   * finds no time in (null) takes the partition's latest event time so far, or its record
   * timestamp before the first, and so neither moves nor holds the watermark.
   */
  public static <K, V> KafkaEventTime<K, V> from(
      SerializableFunction<KafkaRecord<K, V>, Instant> eventTime, Duration maxDelay, Duration idleAfter) {
    return new KafkaEventTime<>(eventTime, maxDelay, idleAfter, Instant::now);
  }

  /** The same policy on another clock (tests). */
  public KafkaEventTime<K, V> withClock(Clock clock) {
    return new KafkaEventTime<>(eventTime, maxDelay, idleAfter, clock);
  }

  @Override
  public synchronized TimestampPolicy<K, V> createTimestampPolicy(TopicPartition partition, Optional<Instant> previousWatermark) {
    if (partitions == null) {
      partitions = new ConcurrentHashMap<>();
    }
    Instant previous = previousWatermark.orElse(BoundedWindow.TIMESTAMP_MIN_VALUE);
    // A reader that reads in rounds (KafkaIO's splittable read makes a policy per round) goes on
    // with what it knew of the partition: when it last had a record, and its watermark.
    PartitionState state =
        partitions.compute(
            partition,
            (p, known) -> {
              if (known == null) {
                return new PartitionState(previous, clock.now());
              }
              if (previous.isAfter(known.watermark)) {
                known.watermark = previous;
              }
              return known;
            });
    return new Policy(state);
  }

  /** One partition: its watermark so far, the latest event time, and when it last had a record. */
  private static final class PartitionState {
    volatile Instant watermark;
    volatile Instant latestEventTime = BoundedWindow.TIMESTAMP_MIN_VALUE;
    volatile Instant lastRecordAt;
    /** The backlog at the last watermark check; none is known before the first. */
    volatile long backlog;

    /**
     * Idle: caught up, and no record for the idle time. Caught up allows a backlog of one: a
     * partition written in transactions ends with a commit marker, which a {@code read_committed}
     * reader never reads but KafkaIO counts (from the log's end offset), so the backlog of a
     * transactional input never falls to 0.
     */
    boolean idleAt(Instant now, Duration idleAfter) {
      return backlog >= 0 && backlog <= 1 && !now.isBefore(lastRecordAt.plus(idleAfter));
    }

    PartitionState(Instant watermark, Instant createdAt) {
      this.watermark = watermark;
      this.lastRecordAt = createdAt;
    }
  }

  private final class Policy extends TimestampPolicy<K, V> {
    private final PartitionState state;

    Policy(PartitionState state) {
      this.state = state;
    }

    @Override
    public Instant getTimestampForRecord(PartitionContext context, KafkaRecord<K, V> record) {
      Instant time = eventTime.apply(record);
      if (time == null || !Limits.isEventTime(time.getMillis())) {
        // No time of its own that a pipeline can carry (a malformed line, a time out of range: it
        // goes to the dead letters): the partition's latest, so it moves nothing and is not late.
        if (!state.latestEventTime.equals(BoundedWindow.TIMESTAMP_MIN_VALUE)) {
          time = state.latestEventTime;
        } else if (Limits.isEventTime(record.getTimestamp())) {
          time = new Instant(record.getTimestamp());
        } else {
          time = state.watermark;
        }
      }
      if (time.isAfter(state.latestEventTime)) {
        state.latestEventTime = time;
      }
      state.lastRecordAt = clock.now();
      return time;
    }

    @Override
    public Instant getWatermark(PartitionContext context) {
      Instant now = clock.now();
      // A backlog we cannot know (negative) is not idleness; see idleAt for the one it allows.
      state.backlog = context.getMessageBacklog();
      Instant candidate = fromEventTime(state);
      if (state.idleAt(now, idleAfter)) {
        Instant followed = watermarkToFollow(now);
        if (followed.isAfter(candidate)) {
          candidate = followed;
        }
      }
      if (candidate.isAfter(state.watermark)) {
        state.watermark = candidate;
      }
      return state.watermark;
    }

    /**
     * What an idle partition follows: the lowest watermark of the reader's active partitions, or,
     * when every partition is idle, the highest of them all. So the last record of a replay closes
     * its windows whichever partition it went to and whichever partition fell idle last.
     */
    private Instant watermarkToFollow(Instant now) {
      Instant lowestActive = null;
      Instant highest = BoundedWindow.TIMESTAMP_MIN_VALUE;
      for (PartitionState other : partitions.values()) {
        Instant fromEvents = fromEventTime(other);
        Instant its = fromEvents.isAfter(other.watermark) ? fromEvents : other.watermark;
        if (its.isAfter(highest)) {
          highest = its;
        }
        if (!other.idleAt(now, idleAfter) && (lowestActive == null || its.isBefore(lowestActive))) {
          lowestActive = its;
        }
      }
      return lowestActive != null ? lowestActive : highest;
    }
  }

  /** The latest event time a partition has seen, less the delay. */
  private Instant fromEventTime(PartitionState state) {
    return state.latestEventTime.equals(BoundedWindow.TIMESTAMP_MIN_VALUE)
        ? BoundedWindow.TIMESTAMP_MIN_VALUE
        : state.latestEventTime.minus(maxDelay);
  }
}
