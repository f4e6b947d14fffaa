package dev.eventide.transforms.state;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.scenario.Timeline;
import dev.eventide.transforms.state.InventoryLedger.Event;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/** Stock per item under out-of-order events, rejections, queries and forgetting, on both runners. */
class InventoryLedgerTest {

  private static final Timeline T = Timeline.startingAt("2018-06-01T00:00:00Z");

  @RunnerTest
  void appliesEventsInEventTimeOrderRejectsOverdraftsAndOverflowsAndForgetsIdleItems(TestPipeline pipeline) {
    PCollectionTuple out =
        pipeline
            .apply(
                T.parse(
                        """
                        00:00:01 tx,t1,apple,5
                        00:00:03 q,q1,apple          # comes before t2 and t3, answers after them
                        00:00:02 tx,t2,apple,-3
                        00:00:02.500 tx,t3,apple,-4  # only 2 left: rejected
                        00:00:04 q,q2,pear           # never stocked: unknown
                        00:00:05 q,q4,pear           # same instant as t4: transactions first
                        00:00:05 tx,t4,pear,7
                        00:00:05.500 tx,t5,pear,9223372036854775807  # 7 more than a long holds: rejected
                        watermark 00:00:06
                        watermark 00:00:15           # apple unchanged since 2 s: forgotten at 12 s
                        00:00:20 q,q3,apple
                        """)
                    .toTestStream())
            .apply(ParDo.of(new ToEvent()))
            .setCoder(InventoryLedger.EventCoder.INSTANCE)
            .apply(InventoryLedger.forgettingAfter(Duration.standardSeconds(10)));

    PAssert.that(
            out.get(InventoryLedger.APPLIED)
                .apply("Applied", MapElements.into(TypeDescriptors.strings()).via(a -> a.transaction().id() + ":" + a.transaction().change() + "=" + a.stock())))
        .containsInAnyOrder("t1:5=5", "t2:-3=2", "t4:7=7");
    PAssert.that(
            out.get(InventoryLedger.REJECTED)
                .apply("Rejected", MapElements.into(TypeDescriptors.strings()).via(r -> r.transaction().id() + ": " + r.reason())))
        .containsInAnyOrder(
            "t3: stock 2 of apple cannot take -4",
            "t5: stock 7 of pear cannot take 9223372036854775807: more than a stock can hold");
    PAssert.that(
            out.get(InventoryLedger.ANSWERS)
                .apply(
                    "Answers",
                    MapElements.into(TypeDescriptors.strings())
                        .via(a -> a.queryId() + " " + a.itemId() + "=" + (a.known() ? String.valueOf(a.stock()) : "unknown"))))
        .containsInAnyOrder("q1 apple=2", "q2 pear=unknown", "q4 pear=7", "q3 apple=unknown");
    pipeline.run();
  }

  /** {@code tx,id,item,change} or {@code q,id,item}, at the element's timestamp. */
  private static final class ToEvent extends DoFn<String, Event> {
    @ProcessElement
    public void process(@Element String line, @Timestamp Instant time, OutputReceiver<Event> out) {
      String[] f = line.split(",");
      out.output(
          f[0].equals("tx")
              ? Event.transaction(f[1], f[2], Long.parseLong(f[3]), time)
              : Event.query(f[1], f[2], time));
    }
  }
}
