package dev.eventide.testing.scenario;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.matchers.CapturePanes;
import dev.eventide.testing.matchers.ExpectedPane;
import dev.eventide.testing.matchers.PaneAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.joda.time.Duration;

/** A replayed timeline gives the same panes as the TestStream of the same scenario. */
class ReplayTimelineTest {

  private static final Timeline T = Timeline.startingAt("2018-06-01T00:00:00Z");

  @RunnerTest
  void theReplayMakesDataOnTimeAndLateExactlyAsTheTimelineSays(TestPipeline pipeline) {
    Timeline timeline =
        T.parse(
            """
            00:00:00.100 a
            00:00:00.900 a
            00:00:01.500 b
            watermark 00:00:02
            00:00:00.300 a
            watermark 00:00:03
            """);
    var counts =
        pipeline
            .apply(timeline.toReplay())
            .apply(
                Window.<String>into(FixedWindows.of(Duration.standardSeconds(1)))
                    .triggering(DefaultTrigger.of())
                    .withAllowedLateness(Duration.standardSeconds(5))
                    .accumulatingFiredPanes())
            .apply(Count.perElement());
    var first = ExpectedPane.window(T.at("00:00:00"), T.at("00:00:01"));
    var second = ExpectedPane.window(T.at("00:00:01"), T.at("00:00:02"));
    PaneAssert.that(counts.apply(CapturePanes.rendering(kv -> kv.getKey() + "=" + kv.getValue())))
        .containsExactly(first.onTime("a=2"), first.late(1, "a=3"), second.onTime("b=1"));
    pipeline.run();
  }
}
