package dev.eventide.pipelines.wordcount;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.scenario.Timeline;
import dev.eventide.transforms.windowing.ApplyWindowing.Accumulation;
import dev.eventide.transforms.windowing.TriggerSpec;
import dev.eventide.transforms.windowing.WindowSpec;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.joda.time.Duration;

/**
 * Word count over a stream, on the DirectRunner and the FlinkRunner: fixed windows with the
 * summary's count trigger give an EARLY pane each time a word's window has 5 more words, and the
 * window's total ON_TIME when the watermark passes its end; a word after its window closed goes to
 * the late output. Each line is its own bundle (a watermark step after it), as a stream delivers
 * them, so both runners fire after the same element.
 */
class WordCountScenariosTest {

  private static final Timeline T = Timeline.startingAt("2018-06-01T00:00:00Z");

  private static final String STREAM =
      """
      00:00:01 Noman
      watermark 00:00:01
      00:00:02 Noman
      watermark 00:00:02
      00:00:03 Noman, Joyce
      watermark 00:00:03
      00:00:04 Noman
      watermark 00:00:04
      00:00:05 Noman
      watermark 00:00:05
      00:00:06 Noman
      watermark 00:00:06
      00:00:07 Joyce
      watermark 00:00:12
      00:00:03 Noman
      00:00:15 Noman
      watermark 00:00:20
      """;

  @RunnerTest
  void theCountTriggerFiresEveryFiveWordsAndTheWindowEndGivesTheTotal(TestPipeline pipeline) {
    PCollectionTuple out = run(pipeline, Accumulation.ACCUMULATING);
    PAssert.that(out.get(WordCountJob.RESULTS))
        .containsInAnyOrder(
            result("Noman", "00:00:00", "00:00:10", "EARLY", 0, 5),
            result("Noman", "00:00:00", "00:00:10", "ON_TIME", 1, 6),
            result("Joyce", "00:00:00", "00:00:10", "ON_TIME", 0, 2),
            result("Noman", "00:00:10", "00:00:20", "ON_TIME", 0, 1));
    PAssert.that(out.get(WordCountJob.LATE_RECORDS))
        .containsInAnyOrder(
            "{\"record\":\"Noman\",\"key\":\"Noman\",\"windowStart\":\"2018-06-01T00:00:00Z\","
                + "\"windowEnd\":\"2018-06-01T00:00:10Z\",\"eventTime\":\"2018-06-01T00:00:03Z\","
                + "\"windowClosedAt\":\"2018-06-01T00:00:10Z\",\"eventTimeBeforeCloseMs\":7000}");
    PAssert.that(out.get(WordCountJob.DEAD_LETTERS)).empty();
    pipeline.run();
  }

  @RunnerTest
  void discardingPanesHoldOnlyTheWordsSinceTheLastPane(TestPipeline pipeline) {
    PCollectionTuple out = run(pipeline, Accumulation.DISCARDING);
    PAssert.that(out.get(WordCountJob.RESULTS))
        .containsInAnyOrder(
            result("Noman", "00:00:00", "00:00:10", "EARLY", 0, 5),
            result("Noman", "00:00:00", "00:00:10", "ON_TIME", 1, 1),
            result("Joyce", "00:00:00", "00:00:10", "ON_TIME", 0, 2),
            result("Noman", "00:00:10", "00:00:20", "ON_TIME", 0, 1));
    pipeline.run();
  }

  private static PCollectionTuple run(TestPipeline pipeline, Accumulation accumulation) {
    return pipeline
        .apply(T.parse(STREAM).sourceFor(pipeline))
        .apply(
            new WordCountJob.CountPerWindow(
                "", WindowSpec.parse("fixed:10s"), TriggerSpec.parse("count:5"), accumulation, Duration.ZERO));
  }

  private static String result(String word, String start, String end, String pane, long index, long count) {
    return "{\"word\":\"" + word + "\",\"windowStart\":\"" + Timeline.isoInstant(T.at(start)) + "\",\"windowEnd\":\""
        + Timeline.isoInstant(T.at(end)) + "\",\"pane\":\"" + pane + "\",\"paneIndex\":" + index + ",\"count\":" + count + "}";
  }
}
