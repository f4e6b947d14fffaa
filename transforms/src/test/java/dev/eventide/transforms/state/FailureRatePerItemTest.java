package dev.eventide.transforms.state;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.matchers.CapturePanes;
import dev.eventide.testing.matchers.ExpectedPane;
import dev.eventide.testing.matchers.PaneAssert;
import dev.eventide.testing.scenario.Timeline;
import dev.eventide.transforms.windowing.WindowSpec;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.KV;

class FailureRatePerItemTest {

  private static final Timeline T = Timeline.startingAt("2018-06-01T00:00:00Z");

  @RunnerTest
  void alertsWhenAnItemsFailureRatePassesTheThreshold(TestPipeline pipeline) {
    var rates =
        pipeline
            .apply(
                T.parse(
                        """
                        00:00:01 apple,ok
                        00:00:02 apple,rejected
                        00:00:03 apple,rejected
                        00:00:04 pear,ok
                        00:00:05 pear,rejected
                        00:00:12 apple,ok
                        """)
                    .toTestStream(
                        KvCoder.of(StringUtf8Coder.of(), BooleanCoder.of()),
                        text -> KV.of(text.split(",")[0], text.endsWith("rejected"))))
            .apply(FailureRatePerItem.of(WindowSpec.parse("fixed:10s"), 0.5));
    var first = ExpectedPane.window(T.at("00:00:00"), T.at("00:00:10"));
    var second = ExpectedPane.window(T.at("00:00:10"), T.at("00:00:20"));
    PaneAssert.that(
            rates.apply(
                CapturePanes.rendering(
                    kv -> kv.getKey() + " " + kv.getValue().rejected() + "/" + kv.getValue().transactions()
                        + (kv.getValue().alert() ? " ALERT" : ""))))
        .containsExactly(
            first.onTime("apple 2/3 ALERT"), first.onTime("pear 1/2"), second.onTime("apple 0/1"));
    pipeline.run();
  }
}
