package dev.eventide.transforms.windowing;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.matchers.CapturePanes;
import dev.eventide.testing.matchers.ExpectedPane;
import dev.eventide.testing.matchers.PaneAssert;
import dev.eventide.testing.scenario.Timeline;
import java.util.List;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/** Flink's evictors over a window's elements, against hand-computed Flink results. */
class EvictThenApplyTest {

  private static final Timeline T = Timeline.startingAt("2018-06-01T00:00:00Z");
  private static final ExpectedPane.WindowExpectations WINDOW =
      ExpectedPane.window(T.at("00:00:00"), T.at("00:00:10"));

  @RunnerTest
  void aCountEvictorKeepsTheLastElementsInEventTimeOrder(TestPipeline pipeline) {
    PCollection<KV<String, Integer>> sums =
        run(
            pipeline,
            """
            00:00:01 a,1
            00:00:03 a,2
            00:00:02 a,4
            watermark 00:00:10
            """,
            "default",
            EvictThenApply.before(Evictor.count(2), EvictThenApplyTest::sum, VarIntCoder.of()));
    PaneAssert.that(sums.apply(CapturePanes.rendering(EvictThenApplyTest::render)))
        .containsExactly(WINDOW.onTime("a=6"));
    pipeline.run();
  }

  @RunnerTest
  void aCountEvictorBeforeTheFunctionWithEarlyFirings(TestPipeline pipeline) {
    PCollection<KV<String, Integer>> sums =
        run(
            pipeline,
            """
            00:00:01 a,1
            watermark 00:00:01
            00:00:02 a,2
            watermark 00:00:02
            00:00:03 a,4
            watermark 00:00:10
            """,
            "afterWatermark(early=afterCount(2))",
            EvictThenApply.before(Evictor.count(2), EvictThenApplyTest::sum, VarIntCoder.of()));
    // Early: {1, 2} keeps both, 3. On time: {1, 2, 4} keeps the last two, 6.
    PaneAssert.that(sums.apply(CapturePanes.rendering(EvictThenApplyTest::render)))
        .containsExactly(WINDOW.early(0, "a=3"), WINDOW.onTime(1, "a=6"));
    pipeline.run();
  }

  @RunnerTest
  void aTimeEvictorAfterTheFunctionRemovesElementsFromLaterPanes(TestPipeline pipeline) {
    PCollection<KV<String, Integer>> sums =
        run(
            pipeline,
            """
            00:00:01 a,1
            watermark 00:00:01
            00:00:05 a,2
            watermark 00:00:05
            00:00:02 a,4
            watermark 00:00:10
            """,
            "afterWatermark(early=afterCount(2))",
            EvictThenApply.after(Evictor.time(Duration.standardSeconds(1)), EvictThenApplyTest::sum, VarIntCoder.of()));
    // Early: sum {1@1s, 2@5s} = 3, then 1@1s is evicted (over 1 s older than 5s). On time: the
    // window holds {4@2s, 2@5s}: 6, where a window without eviction would give 7.
    PaneAssert.that(sums.apply(CapturePanes.rendering(EvictThenApplyTest::render)))
        .containsExactly(WINDOW.early(0, "a=3"), WINDOW.onTime(1, "a=6"));
    pipeline.run();
  }

  @RunnerTest
  void aDeltaEvictorKeepsElementsCloseToTheNewest(TestPipeline pipeline) {
    PCollection<KV<String, Integer>> sums =
        run(
            pipeline,
            """
            00:00:01 a,1
            00:00:02 a,3
            00:00:03 a,10
            00:00:01 b,7
            watermark 00:00:10
            """,
            "default",
            EvictThenApply.before(
                Evictor.<Integer>delta(5, (x, newest) -> (double) Math.abs(x - newest)),
                EvictThenApplyTest::sum,
                VarIntCoder.of()));
    PaneAssert.that(sums.apply(CapturePanes.rendering(EvictThenApplyTest::render)))
        .containsExactly(WINDOW.onTime("a=10"), WINDOW.onTime("b=7"));
    pipeline.run();
  }

  private static PCollection<KV<String, Integer>> run(
      TestPipeline pipeline,
      String timeline,
      String trigger,
      EvictThenApply<String, Integer, Integer> evictThenApply) {
    return pipeline
        .apply(
            T.parse(timeline)
                .toKeyedNumbers())
        .apply(
            ApplyWindowing.<KV<String, Integer>>of(WindowSpec.parse("fixed:10s"))
                .withTrigger(TriggerSpec.parse(trigger)))
        .apply(evictThenApply);
  }

  private static Integer sum(List<Integer> values) {
    return values.stream().mapToInt(Integer::intValue).sum();
  }

  private static String render(KV<String, Integer> kv) {
    return kv.getKey() + "=" + kv.getValue();
  }
}
