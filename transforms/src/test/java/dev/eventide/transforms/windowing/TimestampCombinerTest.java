package dev.eventide.transforms.windowing;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.matchers.CapturePanes;
import dev.eventide.testing.matchers.ExpectedPane;
import dev.eventide.testing.matchers.PaneAssert;
import dev.eventide.testing.scenario.Timeline;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Windows of windows: sums per 2 s window, then sums of those per 3 s window. A result's
 * timestamp (end of its window, earliest or latest of its elements) decides which second-stage
 * window it falls into.
 */
class TimestampCombinerTest {

  private static final Timeline T = Timeline.startingAt("2018-06-01T00:00:00Z");
  private static final String SALES =
      """
      00:00:00.500 a,1
      00:00:02.500 a,2
      00:00:03.500 a,4
      """;
  private static final ExpectedPane.WindowExpectations FIRST = ExpectedPane.window(T.at("00:00:00"), T.at("00:00:03"));
  private static final ExpectedPane.WindowExpectations SECOND = ExpectedPane.window(T.at("00:00:03"), T.at("00:00:06"));

  @RunnerTest
  void endOfWindowPutsTheSecondWindowsSumAfterIt(TestPipeline pipeline) {
    // [2 s, 4 s) sums to 6 at 3.999 s: in [3 s, 6 s).
    PaneAssert.that(twoStages(pipeline, "end")).containsExactly(FIRST.onTime("a=1"), SECOND.onTime("a=6"));
    pipeline.run();
  }

  @RunnerTest
  void earliestPutsItAtItsFirstSale(TestPipeline pipeline) {
    // [2 s, 4 s) sums to 6 at 2.5 s: in [0 s, 3 s) with the 1 of [0 s, 2 s).
    PaneAssert.that(twoStages(pipeline, "earliest")).containsExactly(FIRST.onTime("a=7"));
    pipeline.run();
  }

  @RunnerTest
  void latestPutsItAtItsLastSale(TestPipeline pipeline) {
    // [0 s, 2 s) sums to 1 at 0.5 s; [2 s, 4 s) to 6 at 3.5 s: in [3 s, 6 s).
    PaneAssert.that(twoStages(pipeline, "latest")).containsExactly(FIRST.onTime("a=1"), SECOND.onTime("a=6"));
    pipeline.run();
  }

  private static PCollection<dev.eventide.testing.matchers.PaneRecord> twoStages(TestPipeline pipeline, String combiner) {
    PCollection<KV<String, Integer>> firstStage =
        pipeline
            .apply(
                T.parse(SALES)
                    .toKeyedNumbers())
            .apply(
                "Window 2s",
                ApplyWindowing.<KV<String, Integer>>of(WindowSpec.parse("fixed:2s"))
                    .withTimestampCombiner(ApplyWindowing.parseTimestampCombiner(combiner)))
            .apply("Sum 2s", Sum.integersPerKey());
    return firstStage
        .apply("Window 3s", ApplyWindowing.of(WindowSpec.parse("fixed:3s")))
        .apply("Sum 3s", Sum.integersPerKey())
        .apply(CapturePanes.rendering(kv -> kv.getKey() + "=" + kv.getValue()));
  }
}
