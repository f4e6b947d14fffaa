package dev.eventide.transforms.io;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TimestampedValue.TimestampedValueCoder;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Writes lines to a Kafka topic exactly once, many lines per transaction, with Beam-model features
 * only (so on any runner that honours {@code @RequiresStableInput}).
 *
 * <ol>
 *   <li>Each line goes to one of {@code shards} shards (by its hash).
 *   <li>A stateful step per shard gathers lines into batches of at most {@code batchSize}, or
 *       whatever came within {@code batchDelay} of processing time, and numbers them 0, 1, 2, …
 *       under the shard's epoch (a random id kept in its state, so it is restored with the job).
 *   <li>The writer, keyed by shard and {@code @RequiresStableInput} (on Flink it sees a batch only
 *       once a checkpoint holding it has completed, and the same batches again after a restore),
 *       commits each batch in one Kafka transaction together with the shard's progress, stored
 *       as the sink group's offset of partition {@code shard} (see {@link ShardTransactions}). A
 *       replayed batch the group already holds is skipped; one that comes before its turn waits
 *       in state.
 * </ol>
 *
 * <p>Each line's record carries its event time as timestamp. Unlike Beam's {@code withEOS}, which
 * on the FlinkRunner commits a transaction per line, this commits one per batch.
 */
public final class ExactlyOnceKafkaWrite extends PTransform<PCollection<String>, PDone> {

  /** Lines per batch unless {@link #withBatches} says otherwise. */
  public static final int DEFAULT_BATCH_SIZE = 5000;
  /** How long a line may wait for its batch to fill unless {@link #withBatches} says otherwise. */
  public static final Duration DEFAULT_BATCH_DELAY = Duration.millis(200);

  private final Map<String, Object> producerConfig;
  private final String topic;
  private final int shards;
  private final String sinkGroupId;
  private final int batchSize;
  private final Duration batchDelay;

  private ExactlyOnceKafkaWrite(
      Map<String, Object> producerConfig, String topic, int shards, String sinkGroupId, int batchSize, Duration batchDelay) {
    this.producerConfig = producerConfig;
    this.topic = topic;
    this.shards = shards;
    this.sinkGroupId = sinkGroupId;
    this.batchSize = batchSize;
    this.batchDelay = batchDelay;
  }

  /**
   * Lines to {@code topic}, in transactions of {@code shards} writers (at most the topic's
   * partitions) whose progress is kept in the consumer group {@code sinkGroupId}. The group belongs
   * to one deployment: a fresh job needs a fresh id, a resumed one the id it was started with.
   */
  public static ExactlyOnceKafkaWrite to(String bootstrapServers, String topic, int shards, String sinkGroupId) {
    checkSink(shards, sinkGroupId);
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", bootstrapServers);
    return new ExactlyOnceKafkaWrite(config, topic, shards, sinkGroupId, DEFAULT_BATCH_SIZE, DEFAULT_BATCH_DELAY);
  }

  /** The settings every exactly-once Kafka sink needs, Eventide's or Beam's. */
  static void checkSink(int shards, String sinkGroupId) {
    if (shards < 1) {
      throw new IllegalArgumentException("exactly-once shards must be at least 1, not " + shards);
    }
    if (sinkGroupId == null || sinkGroupId.isBlank()) {
      throw new IllegalArgumentException("exactly-once needs a sink group id");
    }
  }

  /** Batches of at most {@code size} lines, closed at the latest {@code delay} after their first line. */
  public ExactlyOnceKafkaWrite withBatches(int size, Duration delay) {
    if (size < 1) {
      throw new IllegalArgumentException("a batch holds at least 1 line, not " + size);
    }
    if (delay.isShorterThan(Duration.millis(1))) {
      throw new IllegalArgumentException("a batch delay must be at least 1 ms, not " + delay);
    }
    return new ExactlyOnceKafkaWrite(producerConfig, topic, shards, sinkGroupId, size, delay);
  }

  /** The same sink with these producer settings added (timeouts, say); the sink's own transactional settings win. */
  public ExactlyOnceKafkaWrite withProducerConfig(Map<String, Object> updates) {
    Map<String, Object> config = new HashMap<>(producerConfig);
    config.putAll(updates);
    return new ExactlyOnceKafkaWrite(config, topic, shards, sinkGroupId, batchSize, batchDelay);
  }

  @Override
  public PDone expand(PCollection<String> lines) {
    int shardCount = shards;
    lines
        // A batch gathers lines of any window; each keeps its own time.
        .apply("Into one window", Window.into(new GlobalWindows()))
        .apply(
            "Shard",
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.integers(), TypeDescriptors.strings()))
                .via(line -> KV.of(Math.floorMod(line.hashCode(), shardCount), line)))
        .setCoder(KvCoder.of(VarIntCoder.of(), StringUtf8Coder.of()))
        .apply("Batch per shard", ParDo.of(new BatchFn(batchSize, batchDelay)))
        .setCoder(KvCoder.of(VarIntCoder.of(), ShardBatch.ShardBatchCoder.of()))
        .apply("Commit batches", ParDo.of(new CommitFn(producerConfig, topic, sinkGroupId)));
    return PDone.in(lines.getPipeline());
  }

  /** Gathers a shard's lines into numbered batches. */
  static final class BatchFn extends DoFn<KV<Integer, String>, KV<Integer, ShardBatch>> {
    private final int batchSize;
    private final Duration batchDelay;

    @StateId("lines")
    private final StateSpec<BagState<TimestampedValue<String>>> linesSpec =
        StateSpecs.bag(TimestampedValueCoder.of(StringUtf8Coder.of()));

    @StateId("count")
    private final StateSpec<ValueState<Integer>> countSpec = StateSpecs.value(VarIntCoder.of());

    @StateId("next")
    private final StateSpec<ValueState<Long>> nextSpec = StateSpecs.value(VarLongCoder.of());

    @StateId("epoch")
    private final StateSpec<ValueState<String>> epochSpec = StateSpecs.value(StringUtf8Coder.of());

    @TimerId("delay")
    private final TimerSpec delaySpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

    /** The end of the input (a bounded one, or a drain): what is left goes out. */
    @TimerId("end")
    private final TimerSpec endSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    BatchFn(int batchSize, Duration batchDelay) {
      this.batchSize = batchSize;
      this.batchDelay = batchDelay;
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, String> line,
        @Timestamp Instant time,
        BoundedWindow window,
        @StateId("lines") BagState<TimestampedValue<String>> lines,
        @StateId("count") ValueState<Integer> count,
        @StateId("next") ValueState<Long> next,
        @StateId("epoch") ValueState<String> epoch,
        @TimerId("delay") Timer delay,
        @TimerId("end") Timer end,
        OutputReceiver<KV<Integer, ShardBatch>> out) {
      lines.add(TimestampedValue.of(line.getValue(), time));
      Integer before = count.read();
      int size = before == null ? 1 : before + 1;
      if (size == 1) {
        delay.offset(batchDelay).setRelative();
        end.set(window.maxTimestamp());
      }
      if (size >= batchSize) {
        emit(line.getKey(), lines, count, next, epoch, out);
      } else {
        count.write(size);
      }
    }

    @OnTimer("delay")
    public void onDelay(
        @Key Integer shard,
        @StateId("lines") BagState<TimestampedValue<String>> lines,
        @StateId("count") ValueState<Integer> count,
        @StateId("next") ValueState<Long> next,
        @StateId("epoch") ValueState<String> epoch,
        OutputReceiver<KV<Integer, ShardBatch>> out) {
      emit(shard, lines, count, next, epoch, out);
    }

    @OnTimer("end")
    public void onEnd(
        @Key Integer shard,
        @StateId("lines") BagState<TimestampedValue<String>> lines,
        @StateId("count") ValueState<Integer> count,
        @StateId("next") ValueState<Long> next,
        @StateId("epoch") ValueState<String> epoch,
        OutputReceiver<KV<Integer, ShardBatch>> out) {
      emit(shard, lines, count, next, epoch, out);
    }

    private static void emit(
        int shard,
        BagState<TimestampedValue<String>> lines,
        ValueState<Integer> count,
        ValueState<Long> next,
        ValueState<String> epoch,
        OutputReceiver<KV<Integer, ShardBatch>> out) {
      List<String> texts = new ArrayList<>();
      List<Long> times = new ArrayList<>();
      for (TimestampedValue<String> line : lines.read()) {
        texts.add(line.getValue());
        times.add(line.getTimestamp().getMillis());
      }
      if (texts.isEmpty()) {
        return;
      }
      String shardEpoch = epoch.read();
      if (shardEpoch == null) {
        shardEpoch = UUID.randomUUID().toString();
        epoch.write(shardEpoch);
      }
      Long sequence = next.read();
      long number = sequence == null ? 0 : sequence;
      out.output(KV.of(shard, new ShardBatch(shard, shardEpoch, number, texts, times)));
      next.write(number + 1);
      lines.clear();
      count.clear();
    }
  }

  /** Commits each batch of a shard in a transaction of the shard's producer. */
  static final class CommitFn extends DoFn<KV<Integer, ShardBatch>, Void> {
    private final Map<String, Object> producerConfig;
    private final String topic;
    private final String sinkGroupId;
    private final Counter transactions = Metrics.counter("eventide.kafka", "transactions");
    private final Counter committedLines = Metrics.counter("eventide.kafka", "linesCommitted");
    private final Counter skippedBatches = Metrics.counter("eventide.kafka", "batchesSkipped");

    /** The last batch this job committed for the key's shard (checked against the group's). */
    @StateId("written")
    private final StateSpec<ValueState<Long>> writtenSpec = StateSpecs.value(VarLongCoder.of());

    /** Batches that came before their turn: a runner need not keep a key's elements in order. */
    @StateId("waiting")
    private final StateSpec<BagState<ShardBatch>> waitingSpec = StateSpecs.bag(ShardBatch.ShardBatchCoder.of());

    /** This instance's producers, one per shard; never shared beyond it, so a failed attempt's go with it. */
    private transient Map<Integer, ShardTransactions> producers;

    CommitFn(Map<String, Object> producerConfig, String topic, String sinkGroupId) {
      this.producerConfig = producerConfig;
      this.topic = topic;
      this.sinkGroupId = sinkGroupId;
    }

    @Setup
    public void setup() {
      producers = new HashMap<>();
    }

    @RequiresStableInput
    @ProcessElement
    public void process(
        @Element KV<Integer, ShardBatch> element,
        @StateId("written") ValueState<Long> written,
        @StateId("waiting") BagState<ShardBatch> waiting) {
      ShardBatch batch = element.getValue();
      ShardTransactions producer =
          producers.computeIfAbsent(batch.shard(), shard -> ShardTransactions.open(producerConfig, topic, shard, sinkGroupId));
      List<ShardBatch> offered = new ArrayList<>();
      waiting.read().forEach(offered::add);
      boolean hadWaiting = !offered.isEmpty();
      offered.add(batch);
      offered.sort(Comparator.comparingLong(ShardBatch::sequence));
      List<ShardBatch> stillWaiting = new ArrayList<>();
      try {
        // In order of sequence, so each batch written makes the next one writable.
        for (ShardBatch next : offered) {
          switch (producer.write(next, written.read())) {
            case WRITTEN -> {
              written.write(next.sequence());
              transactions.inc();
              committedLines.inc(next.size());
            }
            case SKIPPED -> skippedBatches.inc();
            case NOT_YET -> stillWaiting.add(next);
          }
        }
      } catch (RuntimeException e) {
        // A new producer, made on the restored attempt, recovers the shard from Kafka.
        producers.remove(batch.shard());
        producer.close();
        throw e;
      }
      if (hadWaiting || !stillWaiting.isEmpty()) {
        waiting.clear();
        stillWaiting.forEach(waiting::add);
      }
    }

    @Teardown
    public void teardown() {
      if (producers != null) {
        producers.values().forEach(ShardTransactions::close);
        producers.clear();
      }
    }
  }
}
