package dev.eventide.transforms.aggregate;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.matchers.CapturePanes;
import dev.eventide.testing.matchers.ExpectedPane;
import dev.eventide.testing.matchers.PaneAssert;
import dev.eventide.testing.scenario.Timeline;
import dev.eventide.transforms.model.Sale;
import dev.eventide.transforms.windowing.ApplyWindowing;
import dev.eventide.transforms.windowing.TriggerSpec;
import dev.eventide.transforms.windowing.WindowSpec;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
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

  @RunnerTest
  void summingWithinBundlesGivesTheSamePanesInFixedAndSlidingWindows(TestPipeline pipeline) {
    // No watermark step between the sales: one bundle on the DirectRunner, one per sale on Flink.
    Timeline timeline =
        T.parse(
            """
            00:00:00.100 June,Category1,Bat,10
            00:00:00.700 June,Category2,Ball,4
            00:00:01.900 June,Category1,Bat,-3
            00:00:02.500 June,Category1,Bat,8
            00:00:01.200 June,Category1,Bat,5
            """);
    var sales = pipeline.apply(timeline.toTestStream(Sale.SaleCoder.of(), SumProfitPerKeyTest::sale));
    var fixed =
        sales
            .apply("Fixed", ApplyWindowing.of(WindowSpec.parse("fixed:2s")))
            .apply("SumFixed", SumProfitPerKey.by(SaleKey.PRODUCT).combiningWithinBundles());
    var sliding =
        sales
            .apply("Sliding", ApplyWindowing.of(WindowSpec.parse("sliding:2s,1s")))
            .apply("SumSliding", SumProfitPerKey.by(SaleKey.PRODUCT).combiningWithinBundles());

    var first = ExpectedPane.window(T.at("00:00:00"), T.at("00:00:02"));
    var second = ExpectedPane.window(T.at("00:00:02"), T.at("00:00:04"));
    PaneAssert.that(fixed.apply("CaptureFixed", CapturePanes.of()))
        .containsExactly(
            first.onTime("KV{Bat, ProfitSummary[profit=12, count=3]}"),
            first.onTime("KV{Ball, ProfitSummary[profit=4, count=1]}"),
            second.onTime("KV{Bat, ProfitSummary[profit=8, count=1]}"));
    PaneAssert.that(sliding.apply("CaptureSliding", CapturePanes.of()))
        .containsExactly(
            ExpectedPane.window(T.at("-00:00:01"), T.at("00:00:01")).onTime("KV{Bat, ProfitSummary[profit=10, count=1]}"),
            ExpectedPane.window(T.at("-00:00:01"), T.at("00:00:01")).onTime("KV{Ball, ProfitSummary[profit=4, count=1]}"),
            first.onTime("KV{Bat, ProfitSummary[profit=12, count=3]}"),
            first.onTime("KV{Ball, ProfitSummary[profit=4, count=1]}"),
            ExpectedPane.window(T.at("00:00:01"), T.at("00:00:03")).onTime("KV{Bat, ProfitSummary[profit=10, count=3]}"),
            second.onTime("KV{Bat, ProfitSummary[profit=8, count=1]}"));
    pipeline.run();
  }

  @Test
  void summingWithinBundlesIsRefusedWhereItWouldChangeThePanes() {
    Pipeline pipeline = Pipeline.create();
    var sales = pipeline.apply(Create.empty(Sale.SaleCoder.of()));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                sales
                    .apply(ApplyWindowing.<Sale>of(WindowSpec.parse("fixed:2s")).withTrigger(TriggerSpec.parse("count:2")))
                    .apply(SumProfitPerKey.by(SaleKey.PRODUCT).combiningWithinBundles()));
    assertThat(e.getMessage(), containsString("summing within bundles needs non-merging windows, the default trigger"));
  }

  /** {@code month,category,product,profit}; the event time is the element's timestamp. */
  private static Sale sale(String text) {
    String[] f = text.split(",");
    // The TestStream gives the element its timestamp; the record keeps a copy for the key.
    return new Sale(Instant.EPOCH, f[0], f[1], f[2], Integer.parseInt(f[3]));
  }
}
