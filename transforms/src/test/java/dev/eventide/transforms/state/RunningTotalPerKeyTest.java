package dev.eventide.transforms.state;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.scenario.Timeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

class RunningTotalPerKeyTest {

  private static final Timeline T = Timeline.startingAt("2018-06-01T00:00:00Z");

  @RunnerTest
  void reportsEachKeysTotalSinceTheStartOncePerIntervalWithSales(TestPipeline pipeline) {
    Timeline timeline =
        T.parse(
            """
            00:00:00.500 June,10
            00:00:01.000 July,5
            watermark 00:00:02
            00:00:02.500 June,7
            00:00:03.000 June,1
            watermark 00:00:04
            00:00:01.500 June,100   # late: added, and reported with the next interval
            watermark 00:00:06
            00:00:09.000 July,2
            """);
    var reports =
        pipeline
            .apply(
                timeline.toKeyedNumbers())
            .apply(RunningTotalPerKey.reportingEvery(Duration.standardSeconds(2)))
            .apply(
                MapElements.into(TypeDescriptors.strings())
                    .via(
                        kv ->
                            kv.getKey()
                                + "="
                                + kv.getValue().profit()
                                + "/"
                                + kv.getValue().count()
                                + "@"
                                + Timeline.isoInstant(kv.getValue().reportedAt())));
    PAssert.that(reports)
        .containsInAnyOrder(
            "June=10/1@2018-06-01T00:00:02Z",
            "July=5/1@2018-06-01T00:00:02Z",
            "June=18/3@2018-06-01T00:00:04Z",
            "June=118/4@2018-06-01T00:00:06Z",
            "July=7/2@2018-06-01T00:00:10Z");
    pipeline.run();
  }
}
