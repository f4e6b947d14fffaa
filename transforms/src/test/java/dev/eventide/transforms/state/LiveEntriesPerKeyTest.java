package dev.eventide.transforms.state;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.metrics.Counters;
import dev.eventide.testing.scenario.Timeline;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
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

/**
 * Devices still reporting per site: a map state with a timer per entry (a timer family), on
 * both runners. Each timeline line is {@code site,device,status}.
 */
class LiveEntriesPerKeyTest {

  private static final Timeline T = Timeline.startingAt("2018-06-01T00:00:00Z");

  @RunnerTest
  void eachEntryExpiresOnItsOwnTimerAndEveryChangeIsReported(TestPipeline pipeline) {
    PCollection<String> snapshots =
        pipeline
            .apply(
                T.parse(
                        """
                        00:00:01 s1,d1,ok
                        00:00:02 s1,d2,ok
                        00:00:04 s1,d1,warn       # a change
                        00:00:03 s1,d1,stale      # older than d1's latest: ignored
                        00:00:05 s1,d2,ok         # no change, but d2 now lives until 0:15
                        watermark 00:00:14.500    # d1 expired at 0:14
                        watermark 00:00:20        # d2 expired at 0:15
                        00:00:30 s2,e1,ok
                        """)
                    .toTestStream())
            .apply(MapElements.into(new TypeDescriptor<KV<String, KV<String, String>>>() {}).via(LiveEntriesPerKeyTest::entry))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())))
            .apply(LiveEntriesPerKey.expiringAfter(Duration.standardSeconds(10)))
            .apply(ParDo.of(new Describe()));
    PAssert.that(snapshots)
        .containsInAnyOrder(
            "s1 {d1=ok}@1",
            "s1 {d1=ok, d2=ok}@2",
            "s1 {d1=warn, d2=ok}@4",
            "s1 {d2=ok}@14",
            "s1 {}@15",
            "s2 {e1=ok}@30",
            "s2 {}@40");
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertThat(Counters.total(result, ExpiringState.COUNTERS, "expiredEntries"), equalTo(3L));
  }

  private static KV<String, KV<String, String>> entry(String line) {
    String[] f = line.split(",");
    return KV.of(f[0], KV.of(f[1], f[2]));
  }

  private static final class Describe extends DoFn<KV<String, Map<String, String>>, String> {
    @ProcessElement
    public void process(@Element KV<String, Map<String, String>> live, @Timestamp Instant t, OutputReceiver<String> out) {
      out.output(live.getKey() + " " + live.getValue() + "@" + (t.getMillis() - T.start().getMillis()) / 1000);
    }
  }
}
