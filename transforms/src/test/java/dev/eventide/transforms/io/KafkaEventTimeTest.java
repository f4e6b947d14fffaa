package dev.eventide.transforms.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.eventide.transforms.parse.Limits;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaTimestampType;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Event time with a bounded delay and idle partitions, on a processing clock the test moves: old
 * (replayed) event times never meet processing time, an idle partition stops holding the
 * watermark, and no watermark goes back.
 */
class KafkaEventTimeTest {

  /** Events of 2018, replayed on a clock of 2026. */
  private static final Instant EVENTS = Instant.parse("2018-06-01T00:00:00Z");

  private static final AtomicLong NOW = new AtomicLong();

  private KafkaEventTime<String, String> factory;
  private TimestampPolicy<String, String> p0;
  private TimestampPolicy<String, String> p1;

  @BeforeEach
  void twoPartitionsOfOneReader() {
    NOW.set(Instant.parse("2026-11-24T12:00:00Z").getMillis());
    factory =
        KafkaEventTime.<String, String>fromRecordTimestamp(Duration.standardSeconds(2), Duration.standardSeconds(5))
            .withClock(() -> new Instant(NOW.get()));
    p0 = factory.createTimestampPolicy(new TopicPartition("sales", 0), Optional.empty());
    p1 = factory.createTimestampPolicy(new TopicPartition("sales", 1), Optional.empty());
  }

  @Test
  void aPartitionThatNeverReceivesARecordStopsHoldingTheWatermarkOnceIdle() {
    assertThat(p0.getTimestampForRecord(backlog(5), record(10)), equalTo(at(10)));
    assertThat(p0.getTimestampForRecord(backlog(4), record(12)), equalTo(at(12)));
    assertThat(readerWatermark(backlog(3), backlog(0)), equalTo(BoundedWindow.TIMESTAMP_MIN_VALUE));

    NOW.addAndGet(5_000); // p1 empty for 5 s: idle
    assertThat(watermark(p0, backlog(3)), equalTo(at(10)));
    assertThat(watermark(p1, backlog(0)), equalTo(at(10)));
    assertThat(readerWatermark(backlog(3), backlog(0)), equalTo(at(10)));
  }

  @Test
  void theCommitMarkerAtTheEndOfATransactionalPartitionIsNoBacklogButTwoRecordsAre() {
    // A read_committed reader stops before the last transaction's commit marker, which KafkaIO
    // counts as one record of backlog: the partition is caught up, and goes idle.
    p0.getTimestampForRecord(backlog(1), record(20));
    NOW.addAndGet(5_000);
    p1.getTimestampForRecord(backlog(0), record(40));
    assertThat(readerWatermark(backlog(1), backlog(0)), equalTo(at(38)));

    // The control: two records left to read are a backlog, and p0 holds the watermark.
    twoPartitionsOfOneReader();
    p0.getTimestampForRecord(backlog(2), record(20));
    NOW.addAndGet(5_000);
    p1.getTimestampForRecord(backlog(0), record(40));
    assertThat(readerWatermark(backlog(2), backlog(0)), equalTo(at(18)));
  }

  @Test
  void aCaughtUpPartitionKeepsEventTimeAndDoesNotJumpToProcessingTime() {
    p0.getTimestampForRecord(backlog(0), record(30));
    p1.getTimestampForRecord(backlog(0), record(31));
    NOW.addAndGet(60_000); // both caught up and silent for a minute: all idle
    // Beam's withCreateTime would move to 2026 here; this stays at the event time seen, the most
    // advanced partition's (31 less the delay): with nothing left to read, p0's 30 held nothing back.
    assertThat(readerWatermark(backlog(0), backlog(0)), equalTo(at(29)));
  }

  @Test
  void noWatermarkGoesBackWhenAnIdlePartitionWakesWithOldRecords() {
    p0.getTimestampForRecord(backlog(1), record(20));
    NOW.addAndGet(5_000);
    assertThat(readerWatermark(backlog(1), backlog(0)), equalTo(at(18)));

    // A record for p1 behind the watermark: stamped with its own (late) time; the watermark stays.
    assertThat(p1.getTimestampForRecord(backlog(0), record(3)), equalTo(at(3)));
    assertThat(watermark(p1, backlog(0)), equalTo(at(18)));
    // p1 advances again only with its own event time past the delay.
    p1.getTimestampForRecord(backlog(0), record(25));
    assertThat(watermark(p1, backlog(0)), equalTo(at(23)));
  }

  @Test
  void aRestoredPartitionStartsFromItsPreviousWatermark() {
    KafkaEventTime<String, String> factory =
        KafkaEventTime.<String, String>fromRecordTimestamp(Duration.standardSeconds(2), Duration.standardSeconds(5))
            .withClock(() -> new Instant(NOW.get()));
    TimestampPolicy<String, String> restored = factory.createTimestampPolicy(new TopicPartition("sales", 0), Optional.of(at(40)));
    restored.getTimestampForRecord(backlog(1), record(35));
    assertThat(watermark(restored, backlog(1)), equalTo(at(40)));
  }

  @Test
  void aTimeFromThePayloadDrivesTheWatermarkAndALineWithoutOneMovesNothing() {
    // The payload "<seconds>" holds the event time; anything else holds none.
    KafkaEventTime<String, String> factory =
        KafkaEventTime.<String, String>from(
                r -> r.getKV().getValue().matches("\\d+") ? at(Integer.parseInt(r.getKV().getValue())) : null,
                Duration.standardSeconds(2),
                Duration.standardSeconds(5))
            .withClock(() -> new Instant(NOW.get()));
    TimestampPolicy<String, String> policy = factory.createTimestampPolicy(new TopicPartition("readings", 0), Optional.empty());
    // The record timestamp (at 60 s) is not the event time: the payload's 20 s is.
    assertThat(policy.getTimestampForRecord(backlog(2), payload(60, "20")), equalTo(at(20)));
    assertThat(policy.getTimestampForRecord(backlog(1), payload(61, "warm")), equalTo(at(20)));
    assertThat(watermark(policy, backlog(1)), equalTo(at(18)));
    // Before any time is known, a line without one takes its record timestamp.
    TimestampPolicy<String, String> fresh = factory.createTimestampPolicy(new TopicPartition("readings", 1), Optional.empty());
    assertThat(fresh.getTimestampForRecord(backlog(0), payload(7, "warm")), equalTo(at(7)));
  }

  @Test
  void aTimeOutOfRangeNeitherMovesNorHoldsTheWatermark() {
    // A record stamped in nanoseconds (a producer's mistake): as if it had no time of its own.
    KafkaRecord<String, String> nanos =
        new KafkaRecord<>("sales", 0, 0, at(50).getMillis() * 1_000_000L, KafkaTimestampType.CREATE_TIME, new RecordHeaders(), null, "x");
    // Before any time is known it takes the partition's watermark, which is not late.
    assertThat(p0.getTimestampForRecord(backlog(3), nanos), equalTo(BoundedWindow.TIMESTAMP_MIN_VALUE));
    assertThat(p0.getTimestampForRecord(backlog(2), record(10)), equalTo(at(10)));
    assertThat(p0.getTimestampForRecord(backlog(1), nanos), equalTo(at(10)));
    assertThat(watermark(p0, backlog(1)), equalTo(at(8)));

    // A payload time a millisecond past the latest accepted does the same.
    KafkaEventTime<String, String> fromPayload =
        KafkaEventTime.<String, String>from(
                r -> r.getKV().getValue().equals("far") ? Limits.LATEST_EVENT_TIME.plus(Duration.millis(1)) : at(20),
                Duration.standardSeconds(2),
                Duration.standardSeconds(5))
            .withClock(() -> new Instant(NOW.get()));
    TimestampPolicy<String, String> policy = fromPayload.createTimestampPolicy(new TopicPartition("readings", 0), Optional.empty());
    assertThat(policy.getTimestampForRecord(backlog(2), payload(60, "near")), equalTo(at(20)));
    assertThat(policy.getTimestampForRecord(backlog(1), payload(61, "far")), equalTo(at(20)));
    assertThat(watermark(policy, backlog(1)), equalTo(at(18)));
  }

  @Test
  void aPolicyMadeAgainForAPartitionGoesOnFromWhatItKnew() {
    // KafkaIO's splittable read makes a policy per round of reading.
    p0.getTimestampForRecord(backlog(0), record(30));
    TimestampPolicy<String, String> again =
        factory.createTimestampPolicy(new TopicPartition("sales", 0), Optional.of(at(1)));
    assertThat(watermark(again, backlog(0)), equalTo(watermark(p0, backlog(0))));
  }

  private Instant readerWatermark(TimestampPolicy.PartitionContext c0, TimestampPolicy.PartitionContext c1) {
    Instant w0 = watermark(p0, c0);
    Instant w1 = watermark(p1, c1);
    return w0.isBefore(w1) ? w0 : w1;
  }

  private static Instant watermark(TimestampPolicy<String, String> policy, TimestampPolicy.PartitionContext context) {
    return policy.getWatermark(context);
  }

  private static Instant at(int seconds) {
    return EVENTS.plus(Duration.standardSeconds(seconds));
  }

  private static KafkaRecord<String, String> record(int seconds) {
    return new KafkaRecord<>(
        "sales", 0, 0, at(seconds).getMillis(), KafkaTimestampType.CREATE_TIME, new RecordHeaders(), null, "a sale");
  }

  private static KafkaRecord<String, String> payload(int recordSeconds, String value) {
    return new KafkaRecord<>(
        "readings", 0, 0, at(recordSeconds).getMillis(), KafkaTimestampType.CREATE_TIME, new RecordHeaders(), null, value);
  }

  private static TimestampPolicy.PartitionContext backlog(long messages) {
    return new TimestampPolicy.PartitionContext() {
      @Override
      public long getMessageBacklog() {
        return messages;
      }

      @Override
      public Instant getBacklogCheckTime() {
        return new Instant(NOW.get());
      }
    };
  }
}
