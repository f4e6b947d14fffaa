package dev.eventide.transforms.windowing;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.matchers.CapturePanes;
import dev.eventide.testing.matchers.ExpectedPane;
import dev.eventide.testing.matchers.PaneAssert;
import dev.eventide.testing.scenario.Timeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/** Late records go to the late output at exactly the instant the runner would drop them. */
class RouteLateRecordsTest {

  private static final Timeline T = Timeline.startingAt("2018-06-01T00:00:00Z");

  @RunnerTest
  void aRecordIsKeptAtTheEndOfTheAllowedLatenessAndRoutedOneMillisecondAfter(TestPipeline pipeline) {
    String timeline =
        """
        00:00:00.500 a,1
        watermark 00:00:06.999   # [0 s, 2 s) + 5 s lateness: still open
        00:00:01.000 a,2         # kept: a late pane
        watermark 00:00:07       # one millisecond later: closed
        00:00:01.500 a,4         # routed to the late output
        00:00:01.600 b,8         # b's first record in a closed window: not seen (documented)
        """;
    RouteLateRecords<String> router = router("fixed:2s", Duration.standardSeconds(5));
    PCollectionTuple out = pipeline.apply(T.parse(timeline).toTestStream()).apply(router);
    var window = ExpectedPane.window(T.at("00:00:00"), T.at("00:00:02"));
    PaneAssert.that(sums(out.get(router.onTime), "fixed:2s", Duration.standardSeconds(5)))
        .containsExactly(window.onTime("a=1"), window.late(1, "a=3"));
    PAssert.that(lateJson(out))
        .containsInAnyOrder(
            "{\"record\":\"a,4\",\"key\":\"a\",\"windowStart\":\"2018-06-01T00:00:00Z\","
                + "\"windowEnd\":\"2018-06-01T00:00:02Z\",\"eventTime\":\"2018-06-01T00:00:01.500Z\","
                + "\"windowClosedAt\":\"2018-06-01T00:00:07Z\",\"eventTimeBeforeCloseMs\":5500}");
    pipeline.run();
  }

  @RunnerTest
  void aSlidingRecordLateForItsOlderWindowIsRoutedForThatWindowAndCountedInTheOther(TestPipeline pipeline) {
    String timeline =
        """
        00:00:01.000 a,1
        watermark 00:00:04       # [0 s, 4 s) closes (no lateness)
        00:00:02.500 a,2         # late for [0 s, 4 s), on time for [2 s, 6 s)
        """;
    RouteLateRecords<String> router = router("sliding:4s,2s", Duration.ZERO);
    PCollectionTuple out = pipeline.apply(T.parse(timeline).toTestStream()).apply(router);
    PaneAssert.that(sums(out.get(router.onTime), "sliding:4s,2s", Duration.ZERO))
        .containsExactly(
            ExpectedPane.window(T.at("-00:00:02"), T.at("00:00:02")).onTime("a=1"),
            ExpectedPane.window(T.at("00:00:00"), T.at("00:00:04")).onTime("a=1"),
            ExpectedPane.window(T.at("00:00:02"), T.at("00:00:06")).onTime("a=2"));
    PAssert.that(lateJson(out))
        .containsInAnyOrder(
            "{\"record\":\"a,2\",\"key\":\"a\",\"windowStart\":\"2018-06-01T00:00:00Z\","
                + "\"windowEnd\":\"2018-06-01T00:00:04Z\",\"eventTime\":\"2018-06-01T00:00:02.500Z\","
                + "\"windowClosedAt\":\"2018-06-01T00:00:04Z\",\"eventTimeBeforeCloseMs\":1500}");
    pipeline.run();
  }

  /** Records {@code key,value}, keyed by {@code key}, described by their own text. */
  private static RouteLateRecords<String> router(String window, Duration lateness) {
    return RouteLateRecords.of(WindowSpec.parse(window), lateness, line -> line.split(",")[0], line -> line);
  }

  private static PCollection<dev.eventide.testing.matchers.PaneRecord> sums(
      PCollection<String> onTime, String window, Duration lateness) {
    return onTime
        .apply(
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.integers()))
                .via(line -> KV.of(line.split(",")[0], Integer.parseInt(line.split(",")[1]))))
        .apply(ApplyWindowing.<KV<String, Integer>>of(WindowSpec.parse(window)).withAllowedLateness(lateness))
        .apply(Sum.integersPerKey())
        .apply(CapturePanes.rendering(kv -> kv.getKey() + "=" + kv.getValue()));
  }

  private static PCollection<String> lateJson(PCollectionTuple routed) {
    return routed
        .get(RouteLateRecords.LATE)
        .apply("LateAsJson", MapElements.into(TypeDescriptors.strings()).via(RouteLateRecords.LateRecord::toJson));
  }
}
