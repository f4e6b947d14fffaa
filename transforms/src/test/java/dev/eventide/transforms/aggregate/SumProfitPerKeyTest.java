package dev.eventide.transforms.aggregate;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.matchers.CapturePanes;
import dev.eventide.testing.matchers.ExpectedPane;
import dev.eventide.testing.matchers.PaneAssert;
import dev.eventide.testing.scenario.Timeline;
import dev.eventide.transforms.model.Sale;
import dev.eventide.transforms.windowing.ApplyWindowing;
import dev.eventide.transforms.windowing.WindowSpec;
import org.apache.beam.sdk.testing.TestPipeline;
import org.joda.time.Instant;

class SumProfitPerKeyTest {

  private static final Timeline T = Timeline.startingAt("2018-06-01T00:00:00Z");

  @RunnerTest
  void sumsProfitAndCountsSalesPerProductPerWindow(TestPipeline pipeline) {
    Timeline timeline =
        T.parse(
            """
            00:00:00.100 June,Category1,Bat,10
            00:00:00.700 June,Category2,Ball,4
            00:00:01.900 June,Category1,Bat,-3
            00:00:02.500 June,Category1,Bat,8
            """);
    var results =
        pipeline
            .apply(timeline.toTestStream(Sale.SaleCoder.of(), SumProfitPerKeyTest::sale))
            .apply(ApplyWindowing.of(WindowSpec.parse("fixed:2s")))
            .apply(SumProfitPerKey.by(SaleKey.PRODUCT));

    var first = ExpectedPane.window(T.at("00:00:00"), T.at("00:00:02"));
    var second = ExpectedPane.window(T.at("00:00:02"), T.at("00:00:04"));
    PaneAssert.that(results.apply(CapturePanes.of()))
        .containsExactly(
            first.onTime("KV{Bat, ProfitSummary[profit=7, count=2]}"),
            first.onTime("KV{Ball, ProfitSummary[profit=4, count=1]}"),
            second.onTime("KV{Bat, ProfitSummary[profit=8, count=1]}"));
    pipeline.run();
  }

  /** {@code month,category,product,profit}; the event time is the element's timestamp. */
  private static Sale sale(String text) {
    String[] f = text.split(",");
    // The TestStream gives the element its timestamp; the record keeps a copy for the key.
    return new Sale(Instant.EPOCH, f[0], f[1], f[2], Integer.parseInt(f[3]));
  }
}
