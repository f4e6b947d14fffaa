package dev.eventide.transforms.state;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.metrics.Counters;
import dev.eventide.testing.scenario.Timeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Duration;
import org.joda.time.Instant;

/** A running count per key whose state expires, in event time and in processing time. */
class ExpiringStateTest {

  private static final Timeline T = Timeline.startingAt("2018-06-01T00:00:00Z");

  /** Counts a key's values; the count starts again once the state has expired. */
  private static final ExpiringState.Update<Long, String, String> COUNT =
      (key, count, value, out) -> {
        long next = count == null ? 1 : count + 1;
        out.accept(key + "=" + next);
        return next;
      };

  @RunnerTest
  void aKeyUnwrittenForTheTimeToLiveInEventTimeStartsAgain(TestPipeline pipeline) {
    PCollection<String> counts =
        counts(
            pipeline.apply(
                T.parse(
                        """
                        00:00:01 a
                        00:00:03 a
                        00:00:02 a          # out of order: the expiry stays 10 s after 0:03
                        00:00:05 b
                        watermark 00:00:20  # a expired at 0:13, b at 0:15
                        00:00:21 a
                        00:00:35 a          # past 0:31 though the watermark is not: expired too
                        """)
                    .toTestStream()),
            ExpiringState.of(COUNT, VarLongCoder.of(), StringUtf8Coder.of(), Duration.standardSeconds(10)));
    PAssert.that(counts).containsInAnyOrder("a=1@1", "a=2@3", "a=3@2", "b=1@5", "a=1@21", "a=1@35");
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    // a at 0:13, b at 0:15, a as of 0:35, and a at 0:45 when the final watermark passes.
    assertThat(Counters.total(result, ExpiringState.COUNTERS, "expired"), equalTo(4L));
  }

  @RunnerTest
  void aKeyUnwrittenForTheTimeToLiveInProcessingTimeStartsAgain(TestPipeline pipeline) {
    PCollection<String> counts =
        counts(
            pipeline.apply(
                T.parse(
                        """
                        00:00:01 a
                        00:00:02 a
                        00:00:02 b
                        processing +00:00:03
                        00:00:03 a
                        """)
                    .sourceFor(pipeline)),
            ExpiringState.of(COUNT, VarLongCoder.of(), StringUtf8Coder.of(), Duration.standardSeconds(1)).inProcessingTime());
    PAssert.that(counts).containsInAnyOrder("a=1@1", "a=2@2", "b=1@2", "a=1@3");
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertThat(Counters.total(result, ExpiringState.COUNTERS, "expired"), greaterThanOrEqualTo(2L));
  }

  private static PCollection<String> counts(PCollection<String> keys, ExpiringState<String, Long, String> state) {
    return keys.apply(MapElements.into(new TypeDescriptor<KV<String, String>>() {}).via((String k) -> KV.of(k, k)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply(state)
        .apply(ParDo.of(new WithTime()));
  }

  private static final class WithTime extends DoFn<String, String> {
    @ProcessElement
    public void process(@Element String text, @Timestamp Instant t, OutputReceiver<String> out) {
      out.output(text + "@" + (t.getMillis() - T.start().getMillis()) / 1000);
    }
  }
}
