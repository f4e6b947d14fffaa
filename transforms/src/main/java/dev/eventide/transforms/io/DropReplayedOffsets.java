package dev.eventide.transforms.io;

import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/**
 * Keeps each record of a partition once: input {@code KV<partition, KV<offset, value>>}, output the
 * values of offsets above the highest seen so far for that partition; a record at or below it was
 * read before and is dropped and counted ({@code eventide.kafka/replayedRecords}).
 *
 * <p>Why: on the FlinkRunner of Beam 2.62 a job restored from a savepoint reads each split of an
 * {@code UnboundedSource}, KafkaIO's among them, twice (apache/beam 31313): once from its restored
 * offsets and once more from the consumer group's. Measured on the script cluster: a 2 s window
 * counted 36 sales instead of 20. The highest offset lives in keyed state, so it is restored with
 * the rest of the job and the drop is exact. It relies on what KafkaIO gives: a partition's records
 * in offset order from each reader.
 */
public final class DropReplayedOffsets extends DoFn<KV<String, KV<Long, String>>, String> {

  private final Counter replayed = Metrics.counter("eventide.kafka", "replayedRecords");

  @StateId("highestOffset")
  private final StateSpec<ValueState<Long>> highestOffsetSpec = StateSpecs.value(VarLongCoder.of());

  @ProcessElement
  public void process(
      @Element KV<String, KV<Long, String>> record,
      @StateId("highestOffset") ValueState<Long> highestOffset,
      OutputReceiver<String> out) {
    long offset = record.getValue().getKey();
    Long highest = highestOffset.read();
    if (highest != null && offset <= highest) {
      replayed.inc();
      return;
    }
    highestOffset.write(offset);
    out.output(record.getValue().getValue());
  }
}
