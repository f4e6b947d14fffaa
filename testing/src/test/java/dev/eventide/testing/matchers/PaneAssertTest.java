package dev.eventide.testing.matchers;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.matchers.ExpectedPane.WindowExpectations;
import dev.eventide.testing.scenario.Timeline;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/** The pane matchers see what the runner emitted: on-time and late panes, their indexes. */
class PaneAssertTest {

  private static final Timeline START = Timeline.startingAt("2018-06-01T00:00:00Z");

  @RunnerTest
  void seesOnTimeAndLatePanesOfEachWindow(TestPipeline pipeline) {
    Timeline timeline =
        START.parse(
            """
            00:00:00.100 a
            00:00:00.900 a
            00:00:01.500 b
            watermark 00:00:02
            00:00:00.300 a
            watermark 00:00:03
            """);
    PCollection<KV<String, Long>> counts =
        pipeline
            .apply(timeline.toTestStream())
            .apply(
                Window.<String>into(FixedWindows.of(Duration.standardSeconds(1)))
                    .triggering(DefaultTrigger.of())
                    .withAllowedLateness(Duration.standardSeconds(5))
                    .accumulatingFiredPanes())
            .apply(Count.perElement());

    WindowExpectations first = ExpectedPane.window(START.at("00:00:00"), START.at("00:00:01"));
    WindowExpectations second = ExpectedPane.window(START.at("00:00:01"), START.at("00:00:02"));
    PaneAssert.that(counts.apply(CapturePanes.rendering(kv -> kv.getKey() + "=" + kv.getValue())))
        .containsExactly(
            first.onTime("a=2"), first.late(1, "a=3"), second.onTime("b=1"));
    pipeline.run();
  }
}
