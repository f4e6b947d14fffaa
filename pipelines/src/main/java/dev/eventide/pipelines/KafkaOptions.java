package dev.eventide.pipelines;

import dev.eventide.transforms.io.ExactlyOnceKafkaWrite;
import dev.eventide.transforms.io.KafkaEventTime;
import dev.eventide.transforms.io.KafkaLines;
import dev.eventide.transforms.io.ReadLines;
import dev.eventide.transforms.io.SourceLines;
import dev.eventide.transforms.io.WriteLines;
import dev.eventide.transforms.options.EnumOption;
import dev.eventide.transforms.windowing.Durations;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka as a job's input and output: lines as record values. A job reads {@code --inputTopic} when
 * it is given and writes its results to {@code --outputTopic} when that is given.
 */
public interface KafkaOptions extends PipelineOptions {

  @Description("Kafka bootstrap servers (host:port,...).")
  @Default.String("127.0.0.1:9092")
  String getBootstrapServers();

  void setBootstrapServers(String value);

  @Description(
      "Kafka topic to read input lines from (record values; only committed records). Absent: the"
          + " job reads --input files or its generator.")
  String getInputTopic();

  void setInputTopic(String value);

  @Description("Kafka topic to write result lines to (record values). Absent: --output decides.")
  String getOutputTopic();

  void setOutputTopic(String value);

  @Description(
      "Write --outputTopic exactly once (Kafka transactions of the results a completed checkpoint"
          + " holds; needs checkpointing on Flink). false: at least once.")
  @Default.Boolean(false)
  boolean getExactlyOnce();

  void setExactlyOnce(boolean value);

  @Description(
      "Exactly-once only: the consumer group in which the sink keeps its progress. It belongs to"
          + " one deployment: a fresh job needs a fresh id (the default is new on every start); a job"
          + " resumed from a savepoint must be given the id it was started with (it is logged).")
  @Default.InstanceFactory(FreshSinkGroupId.class)
  String getSinkGroupId();

  void setSinkGroupId(String value);

  @Description("Exactly-once only: number of sink shards, at most the output topic's partitions.")
  @Default.Integer(1)
  int getSinkShards();

  void setSinkShards(int value);

  @Description(
      "Exactly-once only: which sink. batches: Eventide's, a Kafka transaction per batch of results;"
          + " beam: Beam's KafkaIO withEOS, a transaction per result on the FlinkRunner (for comparison).")
  @Default.String("batches")
  String getExactlyOnceSink();

  void setExactlyOnceSink(String value);

  @Description("Exactly-once only (batches sink): most results per batch, so per Kafka transaction.")
  @Default.Integer(ExactlyOnceKafkaWrite.DEFAULT_BATCH_SIZE)
  int getSinkBatchSize();

  void setSinkBatchSize(int value);

  @Description(
      "Exactly-once only (batches sink): the longest a result waits for its batch to fill (processing"
          + " time), before the batch waits for a checkpoint to complete and is committed.")
  @Default.String("200ms")
  String getSinkBatchDelay();

  void setSinkBatchDelay(String value);

  @Description(
      "How long a write to --outputTopic may wait for the broker (Kafka's delivery.timeout.ms and"
          + " max.block.ms) before it fails the task, which the runner then restarts under its"
          + " restart strategy. While nothing is written, an outage costs nothing; see docs/operations/failures.md,"
          + " \"A Kafka outage\".")
  @Default.String("2m")
  String getKafkaWriteTimeout();

  void setKafkaWriteTimeout(String value);

  /** The exactly-once sinks of {@code --exactlyOnceSink}. */
  enum ExactlyOnceSink {
    BATCHES,
    BEAM
  }

  @Description(
      "Consumer group of --inputTopic, whose offsets are committed as checkpoints complete. A fresh"
          + " job of the same group goes on where the last stopped; a new group starts at the"
          + " beginning. Default: the job name.")
  @Default.InstanceFactory(JobNameGroup.class)
  String getConsumerGroup();

  void setConsumerGroup(String value);

  @Description(
      "Event time is the record's timestamp; the watermark trails the latest event time of each"
          + " partition by this much (records later than that are late).")
  @Default.String("1s")
  String getMaxEventDelay();

  void setMaxEventDelay(String value);

  @Description(
      "A partition with nothing to read and no record for this long (processing time) stops"
          + " holding the watermark back (Flink's idleness).")
  @Default.String("10s")
  String getPartitionIdleAfter();

  void setPartitionIdleAfter(String value);

  /**
   * The lines of {@code topic}, read with these options (consumer group, event time, idleness):
   * event time from each line ({@code timeInLine}, null for a line without one) or, when {@code
   * timeInLine} is null, from the record timestamps.
   */
  static KafkaLines.Read topicLines(
      KafkaOptions options, String topic, SerializableFunction<String, Instant> timeInLine) {
    Duration delay = Durations.parse(options.getMaxEventDelay());
    Duration idleAfter = Durations.parse(options.getPartitionIdleAfter());
    KafkaEventTime<String, String> eventTime =
        timeInLine == null
            ? KafkaEventTime.fromRecordTimestamp(delay, idleAfter)
            : KafkaEventTime.from(
                record -> record.getKV().getValue() == null ? null : timeInLine.apply(record.getKV().getValue()),
                delay,
                idleAfter);
    return KafkaLines.read(options.getBootstrapServers(), topic)
        .withConsumerGroup(options.getConsumerGroup())
        .withEventTime(eventTime);
  }

  /**
   * A job's input lines (with the records Kafka gave that no pipeline can carry, as dead letters):
   * the files of {@code input}, else the records of {@code --inputTopic}
   * (event time from the line when {@code timeInLine} is given, from the record timestamp when it is
   * null), else {@code generator}.
   */
  static PTransform<PBegin, SourceLines> inputLines(
      KafkaOptions options,
      String input,
      SerializableFunction<String, Instant> timeInLine,
      Supplier<PTransform<PBegin, PCollection<String>>> generator) {
    if (input != null && options.getInputTopic() != null) {
      throw new IllegalArgumentException("give --input or --inputTopic, not both");
    }
    if (input != null) {
      return SourceLines.from(ReadLines.from(input));
    }
    if (options.getInputTopic() != null) {
      return topicLines(options, options.getInputTopic(), timeInLine);
    }
    return SourceLines.from(generator.get());
  }

  /**
   * Where a job's results go: {@code --outputTopic} if given (exactly once with {@code
   * --exactlyOnce}), else the files of {@code output} or the log.
   */
  static PTransform<PCollection<String>, PDone> resultSink(KafkaOptions options, String output, String label) {
    if (options.getOutputTopic() == null) {
      if (options.getExactlyOnce()) {
        throw new IllegalArgumentException("--exactlyOnce=true needs an --outputTopic");
      }
      return WriteLines.toFilesOrLog(output, label);
    }
    KafkaLines.Write write =
        KafkaLines.write(options.getBootstrapServers(), options.getOutputTopic())
            .withWriteTimeout(Durations.parse(options.getKafkaWriteTimeout()));
    if (!options.getExactlyOnce()) {
      return write;
    }
    Logger log = LoggerFactory.getLogger(KafkaOptions.class);
    log.info(
        "Exactly-once sink ({}) of topic '{}': group id '{}', {} shard(s); resume a savepoint of this"
            + " job with --sinkGroupId={}",
        options.getExactlyOnceSink(),
        options.getOutputTopic(),
        options.getSinkGroupId(),
        options.getSinkShards(),
        options.getSinkGroupId());
    if (EnumOption.parse(ExactlyOnceSink.class, "--exactlyOnceSink", options.getExactlyOnceSink()) == ExactlyOnceSink.BEAM) {
      return write.withBeamExactlyOnce(options.getSinkShards(), options.getSinkGroupId());
    }
    return write.withExactlyOnce(
        options.getSinkShards(), options.getSinkGroupId(), options.getSinkBatchSize(), Durations.parse(options.getSinkBatchDelay()));
  }

  /** A group id of its own for every start: {@code <jobName>-sink-<random>}. */
  class FreshSinkGroupId implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      return options.getJobName() + "-sink-" + UUID.randomUUID().toString().substring(0, 8);
    }
  }

  /** The job's name. */
  class JobNameGroup implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      return options.getJobName();
    }
  }
}
