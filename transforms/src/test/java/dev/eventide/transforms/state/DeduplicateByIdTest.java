package dev.eventide.transforms.state;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.metrics.Counters;
import dev.eventide.testing.scenario.Timeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.joda.time.Instant;

class DeduplicateByIdTest {

  private static final Timeline T = Timeline.startingAt("2018-06-01T00:00:00Z");

  @RunnerTest
  void keepsTheFirstRecordOfAnIdUntilItsTimeToLivePassesInEventTime(TestPipeline pipeline) {
    PCollection<String> kept =
        pipeline
            .apply(
                T.parse(
                        """
                        00:00:05 x,first
                        00:00:01 x,earlier but a duplicate
                        00:00:03 y,first
                        watermark 00:00:16      # x is forgotten 10 s after its first record
                        00:00:17 x,again
                        """)
                    .toTestStream())
            .apply(DeduplicateById.of((String line) -> line.split(",")[0], Duration.standardSeconds(10)))
            .apply(ParDo.of(new WithTime()));
    PAssert.that(kept).containsInAnyOrder("x,first@5", "y,first@3", "x,again@17");
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertThat(duplicates(result), equalTo(1L));
  }

  @RunnerTest
  void forgetsAnIdAfterItsTimeToLiveInProcessingTime(TestPipeline pipeline) {
    PCollection<String> kept =
        pipeline
            .apply(
                T.parse(
                        """
                        00:00:01 x,first
                        00:00:02 x,duplicate
                        processing +00:00:03
                        00:00:03 x,after the time-to-live
                        """)
                    .sourceFor(pipeline))
            .apply(DeduplicateById.of((String line) -> line.split(",")[0], Duration.standardSeconds(1)).inProcessingTime())
            .apply(ParDo.of(new WithTime()));
    PAssert.that(kept).containsInAnyOrder("x,first@1", "x,after the time-to-live@3");
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertThat(duplicates(result), equalTo(1L));
  }

  private static long duplicates(PipelineResult result) {
    return Counters.total(result, "eventide.dedup", "duplicates");
  }

  private static final class WithTime extends DoFn<String, String> {
    @ProcessElement
    public void process(@Element String line, @Timestamp Instant t, OutputReceiver<String> out) {
      out.output(line + "@" + (t.getMillis() - T.start().getMillis()) / 1000);
    }
  }
}
