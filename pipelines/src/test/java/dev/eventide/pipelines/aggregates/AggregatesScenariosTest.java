package dev.eventide.pipelines.aggregates;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.scenario.Timeline;
import dev.eventide.transforms.aggregate.SaleKey;
import dev.eventide.transforms.model.NumberedLine;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * The aggregates job over a stream, on the DirectRunner and the FlinkRunner: Flink's rolling
 * aggregation, a result per key on every sale (the global window fires per element, accumulating),
 * each holding every sale of its key so far; of equal profits minBy keeps the first sale. Each
 * sale is its own bundle (a watermark step after it), as a stream delivers them.
 */
class AggregatesScenariosTest {

  private static final Timeline T = Timeline.startingAt("2018-06-01T00:00:00Z");

  @RunnerTest
  void aRollingResultOnEverySale(TestPipeline pipeline) {
    PCollectionTuple out =
        pipeline
            .apply(
                T.parse(
                        """
                        00:00:01 1|01-06-2018,June,Category5,Bat,12
                        watermark 00:00:01
                        00:00:02 2|13-07-2018,July,Category1,Television,50
                        watermark 00:00:02
                        00:00:03 3|02-06-2018,June,Category2,PC,10
                        watermark 00:00:03
                        00:00:04 4|05-06-2018,June,Category3,Socks,10
                        watermark 00:00:04
                        00:00:05 5|June,Category3,Socks,10
                        watermark 00:00:05
                        00:00:06 6|06-06-2018,June,Category1,Phone,30
                        watermark 00:00:06
                        """)
                    .toTestStream(NumberedLine.NumberedLineCoder.of(), AggregatesScenariosTest::numbered))
            .apply(new AggregatesJob.AggregatesPerKey(SaleKey.MONTH));
    String bat = "01-06-2018,June,Category5,Bat,12";
    String pc = "02-06-2018,June,Category2,PC,10";
    String tv = "13-07-2018,July,Category1,Television,50";
    PAssert.that(out.get(AggregatesJob.RESULTS))
        .containsInAnyOrder(
            pane("June", 0, 12, 12, 12, bat, bat),
            pane("June", 1, 22, 10, 12, pc, bat),
            pane("June", 2, 32, 10, 12, pc, bat), // Socks ties PC's 10: PC came first
            pane("June", 3, 62, 10, 30, pc, "06-06-2018,June,Category1,Phone,30"),
            pane("July", 0, 50, 50, 50, tv, tv));
    PAssert.that(out.get(AggregatesJob.DEAD_LETTERS))
        .containsInAnyOrder(
            "{\"input\":\"June,Category3,Socks,10\",\"error\":\"expected 5 fields (date,month,category,product,profit) but found 4\"}");
    pipeline.run();
  }

  /** {@code <number>|<line>}: a line of the stream with its place in it. */
  private static NumberedLine numbered(String text) {
    int bar = text.indexOf('|');
    return new NumberedLine("stream", Long.parseLong(text.substring(0, bar)), text.substring(bar + 1));
  }

  private static String pane(String key, long index, long sum, long min, long max, String minBy, String maxBy) {
    return "{\"key\":\"" + key + "\",\"windowStart\":null,\"windowEnd\":null,\"pane\":\"EARLY\",\"paneIndex\":" + index
        + ",\"sum\":" + sum + ",\"min\":" + min + ",\"max\":" + max + ",\"minBy\":\"" + minBy + "\",\"maxBy\":\"" + maxBy
        + "\"}";
  }
}
