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
 * watermarks, and the assertion is the exact set of JSON result lines, pane by pane. Most scenarios
 * are {@link SalesScenario}s, which the concept figures in {@code docs/figures} draw. Every
 * scenario runs on the DirectRunner and on the FlinkRunner (streaming, embedded MiniCluster).
 *
 * <p>Count-based triggers fire after at least n elements of what a runner hands over at once;
 * where a scenario counts elements one by one, a watermark step between them makes the TestStream
 * wait until the pipeline has taken each in.
 */
class SalesScenariosTest {

  private static final Timeline T = SalesScenario.T;

  @RunnerTest
  void fixedWindowsFireOneOnTimePanePerKeyAndWindow(TestPipeline pipeline) {
    check(pipeline, SalesScenario.FIXED_WINDOWS);
  }

  @RunnerTest
  void outOfOrderRecordsInsideTheWatermarkCountInTheirOwnWindows(TestPipeline pipeline) {
    check(pipeline, SalesScenario.OUT_OF_ORDER);
  }

  @RunnerTest
  void aLateRecordIsDroppedWithZeroAllowedLateness(TestPipeline pipeline) {
    check(pipeline, SalesScenario.NO_LATENESS);
  }

  @RunnerTest
  void aSaleAfterTheAllowedLatenessGoesToTheLateOutputWithTheWindowItMissed(TestPipeline pipeline) {
    check(pipeline, SalesScenario.LATE_OUTPUT);
  }

  @RunnerTest
  void aLateRecordWithinTheAllowedLatenessFiresALatePaneWithTheWholeWindow(TestPipeline pipeline) {
    check(pipeline, SalesScenario.ALLOWED_LATENESS);
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
    check(pipeline, SalesScenario.DISCARDING);
  }

  @RunnerTest
  void slidingWindowsCountASaleInEachWindowThatOverlapsIt(TestPipeline pipeline) {
    check(pipeline, SalesScenario.SLIDING_WINDOWS);
  }

  @RunnerTest
  void sessionsMergeWhenARecordBridgesTheGapAndSplitWhereTheGapStays(TestPipeline pipeline) {
    check(pipeline, SalesScenario.SESSION_WINDOWS);
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
    check(pipeline, SalesScenario.EARLY_FIRINGS);
  }

  @RunnerTest
  void discardingEarlyFiringsHoldOnlyTheNewElements(TestPipeline pipeline) {
    check(pipeline, SalesScenario.DISCARDING_EARLY_FIRINGS);
  }

  @RunnerTest
  void aCountTriggerFiresTheGlobalWindowEveryTwoElements(TestPipeline pipeline) {
    check(pipeline, SalesScenario.GLOBAL_COUNT);
  }

  @RunnerTest
  void lateFiringsEveryTwoLateElementsAndAtTheClose(TestPipeline pipeline) {
    check(pipeline, SalesScenario.LATE_FIRINGS);
  }

  /**
   * On the FlinkRunner, which rejects {@code TestStream.advanceProcessingTime}, the timeline is
   * replayed through its normal source path with a real pause ({@code Timeline.sourceFor}).
   */
  @RunnerTest
  void processingTimeEarlyFiringsFireAfterTheirDelay(TestPipeline pipeline) {
    check(pipeline, SalesScenario.PROCESSING_TIME_EARLY_FIRINGS);
  }

  @RunnerTest
  void aCountEvictorKeepsTheLastTwoSalesOfEachPane(TestPipeline pipeline) {
    check(pipeline, SalesScenario.COUNT_EVICTOR);
  }

  @RunnerTest
  void aProcessingTimeTriggerFiresTheGlobalWindowEveryTwoSecondsOfProcessingTime(TestPipeline pipeline) {
    check(pipeline, SalesScenario.PROCESSING_TIME);
  }

  @RunnerTest
  void aCompositeEarlyTriggerFiresOnWhicheverComesFirst(TestPipeline pipeline) {
    check(pipeline, SalesScenario.COMPOSITE_EARLY_FIRINGS);
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

  /** Runs a scenario and asserts its exact results, no dead letters, and its late records. */
  private static void check(TestPipeline pipeline, SalesScenario scenario) {
    PCollectionTuple out = run(pipeline, scenario.timeline(), scenario.args().toArray(String[]::new));
    PAssert.that(out.get(SalesJob.RESULTS)).containsInAnyOrder(scenario.results());
    PAssert.that(out.get(SalesJob.DEAD_LETTERS)).empty();
    if (scenario.lateRecords() != null) {
      PAssert.that(out.get(SalesJob.LATE_RECORDS)).containsInAnyOrder(scenario.lateRecords());
    }
    pipeline.run();
  }

  private static PCollectionTuple run(TestPipeline pipeline, String timeline, String... args) {
    SalesOptions options = PipelineOptionsFactory.fromArgs(args).as(SalesOptions.class);
    PCollection<String> lines = pipeline.apply(T.parse(timeline).sourceFor(pipeline));
    return lines.apply(SalesJob.profitPerKey(options));
  }

  private static String result(
      String key, String start, String end, String pane, long index, long profit, long count) {
    return SalesScenario.result(key, start, end, pane, index, profit, count);
  }

  private static String deadLetter(String input, String error) {
    return new dev.eventide.transforms.model.DeadLetter(input, error).toJson();
  }
}
