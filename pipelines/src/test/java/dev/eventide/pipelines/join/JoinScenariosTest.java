package dev.eventide.pipelines.join;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.scenario.LinesWithPrefix;
import dev.eventide.testing.scenario.Timeline;
import dev.eventide.transforms.join.JoinKind;
import dev.eventide.transforms.windowing.WindowSpec;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.joda.time.Duration;

/**
 * A windowed join of two streams, on the DirectRunner and the FlinkRunner: values pair only with
 * values of the same window, each window's pairs come when the watermark passes its end, and a
 * line after its window closed goes to the late output instead of joining.
 */
class JoinScenariosTest {

  private static final Timeline T = Timeline.startingAt("2018-06-01T00:00:00Z");

  // "L " lines are the left stream, "R " lines the right one.
  private static final String STREAMS =
      """
      00:00:01 L 1,John
      00:00:02 R 1,DC
      00:00:03 L 2,Albert
      00:00:04 R 3,LA
      watermark 00:00:11
      00:00:05 R 3,LX
      00:00:12 R 2,NY
      00:00:13 L 2,Albert
      00:00:14 L 2,Alberto
      00:00:15 L 9,
      watermark 00:00:20
      """;

  @RunnerTest
  void aFullJoinPairsValuesWithinEachWindowAndRoutesLateLines(TestPipeline pipeline) {
    PCollectionTuple out = run(pipeline, JoinKind.FULL);
    PAssert.that(out.get(JoinJob.RESULTS))
        .containsInAnyOrder(
            row("1", "00:00:00", "00:00:10", "John", "DC"),
            row("2", "00:00:00", "00:00:10", "Albert", null),
            row("3", "00:00:00", "00:00:10", null, "LA"),
            row("2", "00:00:10", "00:00:20", "Albert", "NY"),
            row("2", "00:00:10", "00:00:20", "Alberto", "NY"));
    PAssert.that(out.get(JoinJob.LATE_RECORDS))
        .containsInAnyOrder(
            "{\"record\":\"right:3,LX\",\"key\":\"3\",\"windowStart\":\"2018-06-01T00:00:00Z\","
                + "\"windowEnd\":\"2018-06-01T00:00:10Z\",\"eventTime\":\"2018-06-01T00:00:05Z\","
                + "\"windowClosedAt\":\"2018-06-01T00:00:10Z\",\"eventTimeBeforeCloseMs\":5000}");
    PAssert.that(out.get(JoinJob.DEAD_LETTERS)).containsInAnyOrder("{\"input\":\"9,\",\"error\":\"left: empty value\"}");
    pipeline.run();
  }

  @RunnerTest
  void anInnerJoinKeepsOnlyIdsWithValuesOnBothSidesInTheSameWindow(TestPipeline pipeline) {
    PCollectionTuple out = run(pipeline, JoinKind.INNER);
    PAssert.that(out.get(JoinJob.RESULTS))
        .containsInAnyOrder(
            row("1", "00:00:00", "00:00:10", "John", "DC"),
            row("2", "00:00:10", "00:00:20", "Albert", "NY"),
            row("2", "00:00:10", "00:00:20", "Alberto", "NY"));
    pipeline.run();
  }

  private static PCollectionTuple run(TestPipeline pipeline, JoinKind kind) {
    PCollection<String> lines = pipeline.apply(T.parse(STREAMS).sourceFor(pipeline));
    return PCollectionTuple.of(JoinJob.LEFT_LINES, lines.apply("Left", LinesWithPrefix.of("L ")))
        .and(JoinJob.RIGHT_LINES, lines.apply("Right", LinesWithPrefix.of("R ")))
        .apply(new JoinJob.JoinSides(kind, WindowSpec.parse("fixed:10s"), Duration.ZERO));
  }

  private static String row(String id, String start, String end, String left, String right) {
    return "{\"id\":\"" + id + "\",\"windowStart\":\"" + Timeline.isoInstant(T.at(start)) + "\",\"windowEnd\":\""
        + Timeline.isoInstant(T.at(end)) + "\",\"pane\":\"ON_TIME\",\"paneIndex\":0,\"left\":" + quoted(left)
        + ",\"right\":" + quoted(right) + "}";
  }

  private static String quoted(String text) {
    return text == null ? "null" : "\"" + text + "\"";
  }
}
