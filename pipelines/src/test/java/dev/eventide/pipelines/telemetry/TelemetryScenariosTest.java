package dev.eventide.pipelines.telemetry;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.scenario.Timeline;
import dev.eventide.transforms.model.DeadLetter;
import dev.eventide.transforms.windowing.Durations;
import dev.eventide.transforms.windowing.WindowSpec;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The telemetry job under controlled event time, on the DirectRunner and the FlinkRunner: the
 * exact minimum, maximum and average per device per window, pane by pane; malformed readings to
 * the dead letters; late readings to the late output.
 */
class TelemetryScenariosTest {

  private static final Timeline T = Timeline.startingAt("2018-06-01T00:00:00Z");

  @RunnerTest
  void eachDeviceGetsItsMinimumMaximumAndAveragePerWindow(TestPipeline pipeline) {
    PCollectionTuple out =
        run(
            pipeline,
            """
            00:00:01 {t},sensor-1,20.5
            00:00:03 {t},sensor-2,-4
            00:00:02 {t},sensor-1,22.5
            00:00:09.999 {t},sensor-1,18
            00:00:04 {t},sensor-2,1e1
            watermark 00:00:10
            00:00:12 {t},sensor-1,30
            watermark 00:00:20
            """,
            "fixed:10s", "0");
    PAssert.that(out.get(TelemetryJob.RESULTS))
        .containsInAnyOrder(
            result("sensor-1", "00:00:00", "00:00:10", "ON_TIME", 0, 3, 18, 22.5, 20.333333),
            result("sensor-2", "00:00:00", "00:00:10", "ON_TIME", 0, 2, -4, 10, 3),
            result("sensor-1", "00:00:10", "00:00:20", "ON_TIME", 0, 1, 30, 30, 30));
    PAssert.that(out.get(TelemetryJob.DEAD_LETTERS)).empty();
    pipeline.run();
  }

  @RunnerTest
  void malformedReadingsGoToTheDeadLettersWithTheReason(TestPipeline pipeline) {
    PCollectionTuple out =
        run(
            pipeline,
            """
            00:00:01 {t},sensor-1,20.5
            00:00:01 {t},sensor-1,NaN
            00:00:01 {t},sensor-1,1e999
            00:00:01 {t},,20
            00:00:01 yesterday,sensor-1,20
            00:00:01 {t},sensor-1
            watermark 00:00:10
            """,
            "fixed:10s", "0");
    PAssert.that(out.get(TelemetryJob.RESULTS))
        .containsInAnyOrder(result("sensor-1", "00:00:00", "00:00:10", "ON_TIME", 0, 1, 20.5, 20.5, 20.5));
    PAssert.that(out.get(TelemetryJob.DEAD_LETTERS))
        .containsInAnyOrder(
            deadLetter("2018-06-01T00:00:01Z,sensor-1,NaN", "value 'NaN' is not a decimal number"),
            deadLetter("2018-06-01T00:00:01Z,sensor-1,1e999", "value '1e999' is out of range: at most 1e250 in magnitude, so that sums stay finite"),
            deadLetter("2018-06-01T00:00:01Z,,20", "empty device"),
            deadLetter(
                "yesterday,sensor-1,20",
                "bad time 'yesterday': expected yyyy-MM-dd HH:mm:ss (UTC) or an ISO-8601 instant such as 2018-06-14T23:32:23Z"),
            deadLetter(
                "2018-06-01T00:00:01Z,sensor-1",
                "expected 3 fields (time,device,value) but found 2"));
    pipeline.run();
  }

  @RunnerTest
  void aReadingAfterItsWindowClosedGoesToTheLateOutputAndALateOneWithinTheLatenessUpdatesIt(TestPipeline pipeline) {
    PCollectionTuple out =
        run(
            pipeline,
            """
            00:00:01 {t},sensor-1,10
            watermark 00:00:12
            00:00:02 {t},sensor-1,20
            watermark 00:00:15
            00:00:03 {t},sensor-1,99
            00:00:16 {t},sensor-1,1
            watermark 00:00:30
            """,
            "fixed:10s", "5s");
    PAssert.that(out.get(TelemetryJob.RESULTS))
        .containsInAnyOrder(
            result("sensor-1", "00:00:00", "00:00:10", "ON_TIME", 0, 1, 10, 10, 10),
            result("sensor-1", "00:00:00", "00:00:10", "LATE", 1, 2, 10, 20, 15),
            result("sensor-1", "00:00:10", "00:00:20", "ON_TIME", 0, 1, 1, 1, 1));
    PAssert.that(out.get(TelemetryJob.LATE_RECORDS))
        .containsInAnyOrder(
            "{\"record\":\"2018-06-01T00:00:03Z,sensor-1,99.0\",\"key\":\"sensor-1\","
                + "\"windowStart\":\"2018-06-01T00:00:00Z\",\"windowEnd\":\"2018-06-01T00:00:10Z\","
                + "\"eventTime\":\"2018-06-01T00:00:03Z\",\"windowClosedAt\":\"2018-06-01T00:00:15Z\","
                + "\"eventTimeBeforeCloseMs\":12000}");
    pipeline.run();
  }

  @Test
  void kafkaEventTimeComesFromTheLineAndAMalformedLineHasNone() {
    assertThat(TelemetryJob.timeInLine("2018-06-01T00:00:01.250Z,sensor-3,21.5"), equalTo(Instant.parse("2018-06-01T00:00:01.250Z")));
    assertThat(TelemetryJob.timeInLine("2018-06-01T00:00:01.250Z,sensor-3,warm"), nullValue());
    assertThat(TelemetryJob.timeInLine(""), nullValue());
  }

  private static PCollectionTuple run(TestPipeline pipeline, String timeline, String window, String lateness) {
    return pipeline
        .apply(T.parse(timeline).sourceFor(pipeline))
        .apply(new TelemetryJob.DeviceStats(WindowSpec.parse(window), Durations.parse(lateness)));
  }

  private static String result(
      String device, String start, String end, String pane, long index, long count, double min, double max, double average) {
    return TelemetryResults.line(
        device, Timeline.isoInstant(T.at(start)), Timeline.isoInstant(T.at(end)), pane, index, count, min, max, average);
  }

  private static String deadLetter(String input, String error) {
    return new DeadLetter(input, error).toJson();
  }
}
