package dev.eventide.pipelines.inventory;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.scenario.LinesWithPrefix;
import dev.eventide.testing.scenario.Timeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The inventory job under controlled event time, on the DirectRunner and the FlinkRunner: out of
 * order transactions and queries, rejections, failure-rate alerts, forgetting, bad lines. Each
 * timeline line is {@code tx <transaction line>} or {@code q <query line>}; {@code {t}} is the
 * line's event time.
 */
class InventoryScenariosTest {

  private static final Timeline T = Timeline.startingAt("2018-06-01T00:00:00Z");

  @RunnerTest
  void outOfOrderEventsAreAppliedInEventTimeOrderAndOverdraftsRejected(TestPipeline pipeline) {
    PCollectionTuple out =
        run(
            pipeline,
            """
            00:00:01 tx apple,5,{t}
            00:00:03 q q1,apple,{t}           # arrives before the two below, answered after them
            00:00:02 tx apple,-3,{t}
            00:00:02.500 tx apple,-4,{t}      # only 2 left: rejected
            00:00:04 tx pear,-1,{t}           # never stocked: rejected
            00:00:05 q q2,pear,{t}            # same instant as the +7: transactions first
            00:00:05 tx pear,+7,{t}
            00:00:06 tx pear,x,{t}            # bad line
            00:00:06 q q9,pear                # bad line
            watermark 00:00:10
            """,
            "--failureRateWindow=fixed:10s",
            "--alertAbove=0.4");
    PAssert.that(out.get(InventoryJob.ANSWERS))
        .containsInAnyOrder(
            "{\"queryId\":\"q1\",\"itemId\":\"apple\",\"known\":true,\"stock\":2,\"asOf\":\"2018-06-01T00:00:03Z\"}",
            "{\"queryId\":\"q2\",\"itemId\":\"pear\",\"known\":true,\"stock\":7,\"asOf\":\"2018-06-01T00:00:05Z\"}");
    PAssert.that(out.get(InventoryJob.STOCK))
        .containsInAnyOrder(
            stock("apple", 5, 5, "00:00:01"), stock("apple", -3, 2, "00:00:02"), stock("pear", 7, 7, "00:00:05", "+7"));
    PAssert.that(out.get(InventoryJob.REJECTED))
        .containsInAnyOrder(
            "{\"itemId\":\"apple\",\"change\":-4,\"stock\":2,\"time\":\"2018-06-01T00:00:02.500Z\","
                + "\"reason\":\"stock 2 of apple cannot take -4\",\"transaction\":\"apple,-4,2018-06-01T00:00:02.500Z\"}",
            "{\"itemId\":\"pear\",\"change\":-1,\"stock\":0,\"time\":\"2018-06-01T00:00:04Z\","
                + "\"reason\":\"stock 0 of pear cannot take -1\",\"transaction\":\"pear,-1,2018-06-01T00:00:04Z\"}");
    PAssert.that(out.get(InventoryJob.FAILURE_RATES))
        .containsInAnyOrder(
            rate("apple", 3, 1, "0.3333333333333333", false), rate("pear", 2, 1, "0.5", true));
    PAssert.that(out.get(InventoryJob.ALERTS)).containsInAnyOrder(rate("pear", 2, 1, "0.5", true));
    PAssert.that(out.get(InventoryJob.DEAD_LETTERS))
        .containsInAnyOrder(
            "{\"input\":\"pear,x,2018-06-01T00:00:06Z\",\"error\":\"change 'x' is not a whole number\"}",
            "{\"input\":\"q9,pear\",\"error\":\"expected 3 fields (queryId,itemId,time) but found 2\"}");
    pipeline.run();
  }

  @RunnerTest
  void anItemUnchangedForTheForgetTimeIsForgottenAndAnsweredUnknown(TestPipeline pipeline) {
    PCollectionTuple out =
        run(
            pipeline,
            """
            00:00:01 tx apple,5,{t}
            00:00:30 tx pear,2,{t}
            00:00:50 q q1,apple,{t}         # 49 s unchanged: still known
            watermark 00:01:00
            00:01:20 q q2,pear,{t}          # 50 s unchanged: still known
            00:01:05 q q3,apple,{t}         # 64 s unchanged: forgotten at 1:01
            watermark 00:01:40
            00:01:45 tx apple,1,{t}         # a forgotten item starts again from 0
            00:01:46 q q4,apple,{t}
            watermark 00:03:00
            00:03:10 q q5,pear,{t}          # forgotten at 1:30
            """,
            "--forgetAfter=1m");
    PAssert.that(out.get(InventoryJob.ANSWERS).apply(MapElements.into(TypeDescriptors.strings()).via(InventoryScenariosTest::shortAnswer)))
        .containsInAnyOrder("q1 apple=5", "q2 pear=2", "q3 apple=unknown", "q4 apple=1", "q5 pear=unknown");
    pipeline.run();
  }

  private static PCollectionTuple run(TestPipeline pipeline, String timeline, String... args) {
    InventoryOptions options = PipelineOptionsFactory.fromArgs(args).as(InventoryOptions.class);
    PCollection<String> lines = pipeline.apply(T.parse(timeline).toTestStream());
    return PCollectionTuple.of(InventoryJob.TRANSACTION_LINES, lines.apply("txLines", LinesWithPrefix.of("tx ")))
        .and(InventoryJob.QUERY_LINES, lines.apply("qLines", LinesWithPrefix.of("q ")))
        .apply(InventoryJob.trackInventory(options));
  }

  private static String stock(String item, long change, long stock, String clock) {
    return stock(item, change, stock, clock, String.valueOf(change));
  }

  private static String stock(String item, long change, long stock, String clock, String changeText) {
    String time = Timeline.isoInstant(T.at(clock));
    return "{\"itemId\":\"" + item + "\",\"change\":" + change + ",\"stock\":" + stock + ",\"time\":\"" + time
        + "\",\"transaction\":\"" + item + "," + changeText + "," + time + "\"}";
  }

  private static String rate(String item, long transactions, long rejected, String failureRate, boolean alert) {
    return "{\"key\":\"" + item + "\",\"windowStart\":\"2018-06-01T00:00:00Z\",\"windowEnd\":\"2018-06-01T00:00:10Z\","
        + "\"pane\":\"ON_TIME\",\"paneIndex\":0,\"transactions\":" + transactions + ",\"rejected\":" + rejected
        + ",\"failureRate\":" + failureRate + ",\"alert\":" + alert + "}";
  }

  private static String shortAnswer(String json) {
    try {
      var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
      return node.get("queryId").asText() + " " + node.get("itemId").asText() + "="
          + (node.get("known").asBoolean() ? node.get("stock").asText() : "unknown");
    } catch (java.io.IOException e) {
      throw new AssertionError(json, e);
    }
  }
}
