package dev.eventide.transforms.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.metrics.Counters;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

class DropReplayedOffsetsTest {

  @RunnerTest
  void aPartitionReadAgainFromAnEarlierOffsetYieldsEachRecordOnce(TestPipeline pipeline) {
    Instant t = Instant.parse("2018-06-01T00:00:00Z");
    TestStream<KV<String, KV<Long, String>>> reads =
        TestStream.create(KvCoder.of(StringUtf8Coder.of(), KvCoder.of(VarLongCoder.of(), StringUtf8Coder.of())))
            .addElements(record("sales-0", 0, "a"), record("sales-0", 1, "b"), record("sales-1", 0, "x"))
            .advanceWatermarkTo(t)
            // A second reader of sales-0 from its start, as after a savepoint restore.
            .addElements(record("sales-0", 0, "a"), record("sales-0", 1, "b"), record("sales-0", 2, "c"))
            .advanceWatermarkTo(t.plus(1))
            .addElements(record("sales-1", 1, "y"))
            .advanceWatermarkToInfinity();
    PCollection<String> lines = pipeline.apply(reads).apply(ParDo.of(new DropReplayedOffsets()));
    PAssert.that(lines).containsInAnyOrder("a", "b", "x", "c", "y");
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertThat(Counters.total(result, "eventide.kafka", "replayedRecords"), equalTo(2L));
  }

  private static KV<String, KV<Long, String>> record(String partition, long offset, String value) {
    return KV.of(partition, KV.of(offset, value));
  }
}
