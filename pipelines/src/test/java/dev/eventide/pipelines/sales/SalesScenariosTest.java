package dev.eventide.pipelines.sales;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.scenario.Timeline;
import dev.eventide.transforms.parse.Limits;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;

/**
 * The sales job under controlled event time: each scenario is a timeline of sale lines and
 * watermarks, and the assertion is the exact set of JSON result lines, pane by pane. Every
 * scenario runs on the DirectRunner and on the FlinkRunner (streaming, embedded MiniCluster).
 *
 * <p>Count-based triggers fire after at least n elements of what a runner hands over at once;
 * where a scenario counts elements one by one, a watermark step between them makes the TestStream
 * wait until the pipeline has taken each in.
 */
class SalesScenariosTest {

  private static final Timeline T = Timeline.startingAt("2018-06-01T00:00:00Z");

  @RunnerTest
  void fixedWindowsFireOneOnTimePanePerKeyAndWindow(TestPipeline pipeline) {
    PCollectionTuple out =
        run(
            pipeline,
            """
            00:00:00.500 {t},June,Category1,Bat,10
            00:00:01.500 {t},June,Category2,Ball,5
            00:00:02.100 {t},June,Category1,Bat,7
            watermark 00:00:02
            00:00:03.999 {t},June,Category3,Shirt,-2
            watermark 00:00:04
            """,
            "--window=fixed:2s");
    PAssert.that(out.get(SalesJob.RESULTS))
        .containsInAnyOrder(
            result("June", "00:00:00", "00:00:02", "ON_TIME", 0, 15, 2),
            result("June", "00:00:02", "00:00:04", "ON_TIME", 0, 5, 2));
    PAssert.that(out.get(SalesJob.DEAD_LETTERS)).empty();
    pipeline.run();
  }

  @RunnerTest
  void outOfOrderRecordsInsideTheWatermarkCountInTheirOwnWindows(TestPipeline pipeline) {
    PCollectionTuple out =
        run(
            pipeline,
            """
            00:00:02.500 {t},June,Category1,Bat,1
            00:00:01.900 {t},June,Category1,Bat,2
            00:00:00.100 {t},June,Category1,Ball,4
            00:00:03.000 {t},June,Category1,Ball,8
            00:00:01.000 {t},June,Category1,Bat,16
            watermark 00:00:04
            """,
            "--window=fixed:2s",
            "--keyBy=product");
    PAssert.that(out.get(SalesJob.RESULTS))
        .containsInAnyOrder(
            result("Bat", "00:00:00", "00:00:02", "ON_TIME", 0, 18, 2),
            result("Ball", "00:00:00", "00:00:02", "ON_TIME", 0, 4, 1),
            result("Bat", "00:00:02", "00:00:04", "ON_TIME", 0, 1, 1),
            result("Ball", "00:00:02", "00:00:04", "ON_TIME", 0, 8, 1));
    pipeline.run();
  }

  @RunnerTest
  void aLateRecordIsDroppedWithZeroAllowedLateness(TestPipeline pipeline) {
    PCollectionTuple out =
        run(
            pipeline,
            """
            00:00:00.500 {t},June,Category1,Bat,10
            watermark 00:00:02
            00:00:01.000 {t},June,Category1,Bat,99
            00:00:02.500 {t},June,Category1,Bat,1
            watermark 00:00:04
            """,
            "--window=fixed:2s");
    PAssert.that(out.get(SalesJob.RESULTS))
        .containsInAnyOrder(
            result("June", "00:00:00", "00:00:02", "ON_TIME", 0, 10, 1),
            result("June", "00:00:02", "00:00:04", "ON_TIME", 0, 1, 1));
    pipeline.run();
  }

  @RunnerTest
  void aSaleAfterTheAllowedLatenessGoesToTheLateOutputWithTheWindowItMissed(TestPipeline pipeline) {
    PCollectionTuple out =
        run(
            pipeline,
            """
            00:00:00.500 {t},June,Category1,Bat,10
            watermark 00:00:03.999       # [0 s, 2 s) with 2 s lateness: still open
            00:00:01.000 {t},June,Category1,Bat,5
            watermark 00:00:04           # one millisecond later: closed
            00:00:01.500 {t},June,Category1,Bat,99
            00:00:04.500 {t},June,Category1,Bat,1
            """,
            "--window=fixed:2s",
            "--allowedLateness=2s");
    PAssert.that(out.get(SalesJob.RESULTS))
        .containsInAnyOrder(
            result("June", "00:00:00", "00:00:02", "ON_TIME", 0, 10, 1),
            result("June", "00:00:00", "00:00:02", "LATE", 1, 15, 2),
            result("June", "00:00:04", "00:00:06", "ON_TIME", 0, 1, 1));
    PAssert.that(out.get(SalesJob.LATE_RECORDS))
        .containsInAnyOrder(
            "{\"record\":\"2018-06-01T00:00:01.500Z,June,Category1,Bat,99\",\"key\":\"June\","
                + "\"windowStart\":\"2018-06-01T00:00:00Z\",\"windowEnd\":\"2018-06-01T00:00:02Z\","
                + "\"eventTime\":\"2018-06-01T00:00:01.500Z\",\"windowClosedAt\":\"2018-06-01T00:00:04Z\","
                + "\"eventTimeBeforeCloseMs\":2500}");
    pipeline.run();
  }

  @RunnerTest
  void aLateRecordWithinTheAllowedLatenessFiresALatePaneWithTheWholeWindow(TestPipeline pipeline) {
    PCollectionTuple out =
        run(
            pipeline,
            """
            00:00:00.500 {t},June,Category1,Bat,10
            watermark 00:00:02
            00:00:01.000 {t},June,Category1,Bat,99
            watermark 00:00:05
            00:00:01.500 {t},June,Category1,Bat,1000
            watermark 00:00:08
            00:00:01.800 {t},June,Category1,Bat,5000
            """,
            "--window=fixed:2s",
            "--allowedLateness=5s");
    // Window [0s, 2s) expires when the watermark passes 2s + 5s: the last record is dropped.
    PAssert.that(out.get(SalesJob.RESULTS))
        .containsInAnyOrder(
            result("June", "00:00:00", "00:00:02", "ON_TIME", 0, 10, 1),
            result("June", "00:00:00", "00:00:02", "LATE", 1, 109, 2),
            result("June", "00:00:00", "00:00:02", "LATE", 2, 1109, 3));
    pipeline.run();
  }

  @RunnerTest
  void aWatermarkJumpPastTheAllowedLatenessFiresEachWindowOnce(TestPipeline pipeline) {
    // One advance passes both the end of the window and its garbage-collection time: on the
    // FlinkRunner both timers fire separately, and the second must not add an empty pane.
    PCollectionTuple out =
        run(
            pipeline,
            """
            00:00:00.500 {t},June,Category1,Bat,10
            00:00:02.500 {t},June,Category1,Bat,3
            watermark 00:01:00
            """,
            "--window=fixed:2s",
            "--allowedLateness=5s");
    PAssert.that(out.get(SalesJob.RESULTS))
        .containsInAnyOrder(
            result("June", "00:00:00", "00:00:02", "ON_TIME", 0, 10, 1),
            result("June", "00:00:02", "00:00:04", "ON_TIME", 0, 3, 1));
    pipeline.run();
  }

  @RunnerTest
  void discardingPanesHoldOnlyWhatArrivedSinceThePreviousPane(TestPipeline pipeline) {
    PCollectionTuple out =
        run(
            pipeline,
            """
            00:00:00.500 {t},June,Category1,Bat,10
            watermark 00:00:02
            00:00:01.000 {t},June,Category1,Bat,99
            watermark 00:00:03
            """,
            "--window=fixed:2s",
            "--allowedLateness=5s",
            "--accumulation=discarding");
    PAssert.that(out.get(SalesJob.RESULTS))
        .containsInAnyOrder(
            result("June", "00:00:00", "00:00:02", "ON_TIME", 0, 10, 1),
            result("June", "00:00:00", "00:00:02", "LATE", 1, 99, 1));
    pipeline.run();
  }

  @RunnerTest
  void slidingWindowsCountASaleInEachWindowThatOverlapsIt(TestPipeline pipeline) {
    PCollectionTuple out =
        run(
            pipeline,
            """
            00:00:00.500 {t},June,Category1,Bat,10
            00:00:02.500 {t},June,Category1,Bat,5
            watermark 00:00:06
            """,
            "--window=sliding:4s,2s");
    PAssert.that(out.get(SalesJob.RESULTS))
        .containsInAnyOrder(
            result("June", "-00:00:02", "00:00:02", "ON_TIME", 0, 10, 1),
            result("June", "00:00:00", "00:00:04", "ON_TIME", 0, 15, 2),
            result("June", "00:00:02", "00:00:06", "ON_TIME", 0, 5, 1));
    pipeline.run();
  }

  @RunnerTest
  void sessionsMergeWhenARecordBridgesTheGapAndSplitWhereTheGapStays(TestPipeline pipeline) {
    PCollectionTuple out =
        run(
            pipeline,
            """
            00:00:00.000 {t},June,Category1,Bat,1
            00:00:01.800 {t},June,Category1,Bat,2
            00:00:05.000 {t},June,Category1,Bat,4
            00:00:00.900 {t},June,Category1,Bat,8
            00:00:01.000 {t},July,Category1,Bat,16
            watermark 00:00:10
            """,
            "--window=session:1s");
    // June: 0.0 and 1.8 are two sessions until 0.9 bridges them into [0.0, 2.8); 5.0 stays apart.
    PAssert.that(out.get(SalesJob.RESULTS))
        .containsInAnyOrder(
            result("June", "00:00:00", "00:00:02.800", "ON_TIME", 0, 11, 3),
            result("June", "00:00:05", "00:00:06", "ON_TIME", 0, 4, 1),
            result("July", "00:00:01", "00:00:02", "ON_TIME", 0, 16, 1));
    pipeline.run();
  }

  @RunnerTest
  void malformedLinesGoToTheDeadLettersWithTheirReasonAndNothingIsLost(TestPipeline pipeline) {
    PCollectionTuple out =
        run(
            pipeline,
            """
            00:00:00.100 {t},June,Category1,Bat,10
            00:00:00.200 {t},June,Category1,Bat
            00:00:00.300 31-02-2018,June,Category1,Bat,12
            00:00:00.400 {t},June,Category1,Bat,1.5
            00:00:00.500 {t},June,Category1,Bat,3000000000
            00:00:00.600 {t},,Category1,Bat,12
            00:00:00.700 {t},June,,Bat,12
            00:00:00.800 {t},June,Category1,,12
            00:00:00.900 {t},June,Category1,Bat,5
            watermark 00:00:02
            """,
            "--window=fixed:2s");
    String at = "2018-06-01T00:00:00.";
    PAssert.that(out.get(SalesJob.RESULTS))
        .containsInAnyOrder(result("June", "00:00:00", "00:00:02", "ON_TIME", 0, 15, 2));
    PAssert.that(out.get(SalesJob.DEAD_LETTERS))
        .containsInAnyOrder(
            deadLetter(at + "200Z,June,Category1,Bat", "expected 5 fields (date,month,category,product,profit) but found 4"),
            deadLetter(
                "31-02-2018,June,Category1,Bat,12",
                "bad date '31-02-2018': expected dd-MM-yyyy or an ISO-8601 instant such as 2018-06-01T10:15:30Z"),
            deadLetter(at + "400Z,June,Category1,Bat,1.5", "profit '1.5' is not a whole number"),
            deadLetter(
                at + "500Z,June,Category1,Bat,3000000000",
                "profit '3000000000' is out of range [-2147483648, 2147483647]"),
            deadLetter(at + "600Z,,Category1,Bat,12", "empty month"),
            deadLetter(at + "700Z,June,,Bat,12", "empty category"),
            deadLetter(at + "800Z,June,Category1,,12", "empty product"));
    pipeline.run();
  }

  @RunnerTest
  void earlyFiringsEveryTwoElementsThenTheOnTimePane(TestPipeline pipeline) {
    PCollectionTuple out =
        run(
            pipeline,
            """
            00:00:00.100 {t},June,Category1,Bat,1
            watermark 00:00:00.100
            00:00:00.200 {t},June,Category1,Bat,2
            watermark 00:00:00.200
            00:00:00.300 {t},June,Category1,Bat,4
            watermark 00:00:02
            """,
            "--window=fixed:2s",
            "--trigger=afterWatermark(early=afterCount(2))");
    PAssert.that(out.get(SalesJob.RESULTS))
        .containsInAnyOrder(
            result("June", "00:00:00", "00:00:02", "EARLY", 0, 3, 2),
            result("June", "00:00:00", "00:00:02", "ON_TIME", 1, 7, 3));
    pipeline.run();
  }

  @RunnerTest
  void discardingEarlyFiringsHoldOnlyTheNewElements(TestPipeline pipeline) {
    PCollectionTuple out =
        run(
            pipeline,
            """
            00:00:00.100 {t},June,Category1,Bat,1
            watermark 00:00:00.100
            00:00:00.200 {t},June,Category1,Bat,2
            watermark 00:00:00.200
            00:00:00.300 {t},June,Category1,Bat,4
            watermark 00:00:02
            """,
            "--window=fixed:2s",
            "--trigger=afterWatermark(early=afterCount(2))",
            "--accumulation=discarding");
    PAssert.that(out.get(SalesJob.RESULTS))
        .containsInAnyOrder(
            result("June", "00:00:00", "00:00:02", "EARLY", 0, 3, 2),
            result("June", "00:00:00", "00:00:02", "ON_TIME", 1, 4, 1));
    pipeline.run();
  }

  @RunnerTest
  void aCountTriggerFiresTheGlobalWindowEveryTwoElements(TestPipeline pipeline) {
    // The summary's global window with Flink's CountTrigger and PurgingTrigger (discarding).
    // Each element comes in a bundle of its own (the watermark steps part them): a count trigger
    // fires after at least n elements, and a runner that hands over more at once fires with more.
    PCollectionTuple out =
        run(
            pipeline,
            """
            00:00:00.100 {t},June,Category1,Bat,1
            watermark 00:00:00.100
            00:00:00.200 {t},June,Category1,Bat,2
            watermark 00:00:00.200
            00:00:05.000 {t},June,Category1,Bat,4
            watermark 00:00:05
            00:00:09.000 {t},June,Category1,Bat,8
            watermark 00:00:09
            00:01:00.000 {t},June,Category1,Bat,16
            """,
            "--window=global",
            "--trigger=count:2",
            "--accumulation=discarding");
    // The fifth element waits for two more that never come: the end of the stream fires it.
    PAssert.that(out.get(SalesJob.RESULTS))
        .containsInAnyOrder(
            SalesResults.line("June", null, null, "EARLY", 0, 3, 2),
            SalesResults.line("June", null, null, "EARLY", 1, 12, 2),
            SalesResults.line("June", null, null, "ON_TIME", 2, 16, 1));
    pipeline.run();
  }

  @RunnerTest
  void lateFiringsEveryTwoLateElementsAndAtTheClose(TestPipeline pipeline) {
    PCollectionTuple out =
        run(
            pipeline,
            """
            00:00:00.500 {t},June,Category1,Bat,10
            watermark 00:00:02
            00:00:01.000 {t},June,Category1,Bat,1
            watermark 00:00:02.100
            00:00:01.500 {t},June,Category1,Bat,2
            watermark 00:00:02.200
            00:00:01.700 {t},June,Category1,Bat,4
            watermark 00:00:05
            """,
            "--window=fixed:2s",
            "--trigger=afterWatermark(late=afterCount(2))",
            "--allowedLateness=10s");
    PAssert.that(out.get(SalesJob.RESULTS))
        .containsInAnyOrder(
            result("June", "00:00:00", "00:00:02", "ON_TIME", 0, 10, 1),
            result("June", "00:00:00", "00:00:02", "LATE", 1, 13, 3),
            result("June", "00:00:00", "00:00:02", "LATE", 2, 17, 4));
    pipeline.run();
  }

  /**
   * On the FlinkRunner, which rejects {@code TestStream.advanceProcessingTime}, the timeline is
   * replayed through its normal source path with a real pause ({@code Timeline.sourceFor}).
   */
  @RunnerTest
  void processingTimeEarlyFiringsFireAfterTheirDelay(TestPipeline pipeline) {
    PCollectionTuple out =
        run(
            pipeline,
            """
            00:00:00.100 {t},June,Category1,Bat,1
            processing +00:00:06
            00:00:00.200 {t},June,Category1,Bat,2
            watermark 00:00:02
            """,
            "--window=fixed:2s",
            "--trigger=afterWatermark(early=afterProcessingTime(5s))");
    PAssert.that(out.get(SalesJob.RESULTS))
        .containsInAnyOrder(
            result("June", "00:00:00", "00:00:02", "EARLY", 0, 1, 1),
            result("June", "00:00:00", "00:00:02", "ON_TIME", 1, 3, 2));
    pipeline.run();
  }

  @RunnerTest
  void aCountEvictorKeepsTheLastTwoSalesOfEachPane(TestPipeline pipeline) {
    PCollectionTuple out =
        run(
            pipeline,
            """
            00:00:00.100 {t},June,Category1,Bat,1
            watermark 00:00:00.100
            00:00:00.200 {t},June,Category1,Bat,2
            watermark 00:00:00.200
            00:00:00.300 {t},June,Category1,Bat,4
            watermark 00:00:02
            """,
            "--window=fixed:2s",
            "--trigger=afterWatermark(early=afterCount(2))",
            "--evictor=count:2");
    PAssert.that(out.get(SalesJob.RESULTS))
        .containsInAnyOrder(
            result("June", "00:00:00", "00:00:02", "EARLY", 0, 3, 2),
            result("June", "00:00:00", "00:00:02", "ON_TIME", 1, 6, 2));
    pipeline.run();
  }

  @RunnerTest
  void aProcessingTimeTriggerFiresTheGlobalWindowEveryTwoSecondsOfProcessingTime(TestPipeline pipeline) {
    // Flink's ProcessingTimeTrigger with PurgingTrigger: each pane holds what came since the last.
    PCollectionTuple out =
        run(
            pipeline,
            """
            00:00:00.100 {t},June,Category1,Bat,1
            processing +00:00:03
            00:00:00.200 {t},June,Category1,Bat,2
            00:00:05.000 {t},June,Category1,Bat,4
            processing +00:00:03
            """,
            "--window=global",
            "--trigger=processingTime:2s",
            "--accumulation=discarding");
    PAssert.that(out.get(SalesJob.RESULTS))
        .containsInAnyOrder(
            SalesResults.line("June", null, null, "EARLY", 0, 1, 1),
            SalesResults.line("June", null, null, "EARLY", 1, 6, 2));
    pipeline.run();
  }

  /**
   * Beam 2.62's {@code AfterWatermark} re-arms an early trigger after each early pane with {@code
   * setFinished(false)} on the trigger itself, not {@code resetTree()}: a composite early trigger
   * keeps its fired child finished, so after its first early pane it fires on every element. Both
   * runners share that state machine (runners-core), and so give the same panes.
   */
  @RunnerTest
  void aCompositeEarlyTriggerFiresOnWhicheverComesFirst(TestPipeline pipeline) {
    PCollectionTuple out =
        run(
            pipeline,
            """
            00:00:00.100 {t},June,Category1,Bat,1
            watermark 00:00:00.100
            00:00:00.200 {t},June,Category1,Bat,2
            watermark 00:00:00.200
            00:00:00.300 {t},June,Category1,Bat,4
            watermark 00:00:02
            """,
            "--window=fixed:2s",
            "--trigger=afterWatermark(early=afterFirst(afterCount(2), afterProcessingTime(1h)))");
    PAssert.that(out.get(SalesJob.RESULTS))
        .containsInAnyOrder(
            result("June", "00:00:00", "00:00:02", "EARLY", 0, 3, 2),
            result("June", "00:00:00", "00:00:02", "EARLY", 1, 7, 3));
    pipeline.run();
  }

  /**
   * Sales at the two ends of the event times Eventide accepts, with the longest windows and
   * lateness the options allow, on a stream: their windows, late-routing timers, running totals and
   * panes all fit in Beam's timestamps on both runners, and each window gives its one result.
   */
  @RunnerTest
  void salesAtTheEndsOfTheEventTimeRangeFireTheirLongestWindows(TestPipeline pipeline) {
    checkEnds(pipeline, "fixed:365250d");
  }

  @RunnerTest
  void salesAtTheEndsOfTheEventTimeRangeCloseTheirLongestSessions(TestPipeline pipeline) {
    checkEnds(pipeline, "session:365250d");
  }

  private static void checkEnds(TestPipeline pipeline, String window) {
    String earliest = java.time.Instant.ofEpochMilli(Limits.EARLIEST_EVENT_TIME.getMillis()).toString();
    String latest = java.time.Instant.ofEpochMilli(Limits.LATEST_EVENT_TIME.getMillis()).toString();
    SalesOptions options =
        PipelineOptionsFactory.fromArgs("--window=" + window, "--allowedLateness=365250d", "--runningTotalEvery=365250d")
            .as(SalesOptions.class);
    PCollectionTuple out =
        pipeline
            .apply(
                TestStream.create(StringUtf8Coder.of())
                    .addElements(
                        TimestampedValue.of(earliest + ",June,Category1,Bat,12", Limits.EARLIEST_EVENT_TIME),
                        TimestampedValue.of(latest + ",June,Category1,Bat,5", Limits.EARLIEST_EVENT_TIME))
                    .advanceWatermarkToInfinity())
            .apply(SalesJob.profitPerKey(options));
    PAssert.that(out.get(SalesJob.RESULTS))
        .satisfies(
            lines -> {
              List<String> panes = new ArrayList<>();
              lines.forEach(line -> panes.add(line.replaceAll(".*\"pane\":\"(\\w+)\".*\"profit\":(-?\\d+).*", "$1 $2")));
              assertThat(panes, containsInAnyOrder("ON_TIME 12", "ON_TIME 5"));
              return null;
            });
    PAssert.that(out.get(SalesJob.DEAD_LETTERS)).empty();
    PAssert.that(out.get(SalesJob.LATE_RECORDS)).empty();
    pipeline.run();
  }

  private static PCollectionTuple run(TestPipeline pipeline, String timeline, String... args) {
    SalesOptions options = PipelineOptionsFactory.fromArgs(args).as(SalesOptions.class);
    PCollection<String> lines = pipeline.apply(T.parse(timeline).sourceFor(pipeline));
    return lines.apply(SalesJob.profitPerKey(options));
  }

  /** A result line; window bounds as clock offsets from the timeline start. */
  private static String result(
      String key, String start, String end, String pane, long index, long profit, long count) {
    return SalesResults.line(
        key, Timeline.isoInstant(T.at(start)), Timeline.isoInstant(T.at(end)), pane, index, profit, count);
  }

  private static String deadLetter(String input, String error) {
    return new dev.eventide.transforms.model.DeadLetter(input, error).toJson();
  }
}
