package dev.eventide.pipelines.sql;

import dev.eventide.pipelines.sql.SqlJob.QueryTable;
import dev.eventide.pipelines.sql.SqlJob.TableKind;
import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.scenario.Timeline;
import dev.eventide.transforms.windowing.ApplyWindowing.Accumulation;
import dev.eventide.transforms.windowing.TriggerSpec;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Queries under controlled event time, on the DirectRunner and the FlinkRunner: tumbling and
 * hopping windows fire once on time with exactly their rows; session windows merge when a record
 * bridges two of them; two streams join window by window; a record that comes after its window
 * closed goes to the late output, not into a result.
 */
class SqlScenariosTest {

  private static final Timeline T = Timeline.startingAt("2018-06-01T00:00:00Z");

  @RunnerTest
  void aTumblingQueryFiresEachWindowOnceAndRoutesALateSale(TestPipeline pipeline) {
    PCollectionTuple out =
        run(
            pipeline,
            "SELECT product, TUMBLE_START(event_time, INTERVAL '10' SECOND) AS window_start, SUM(profit) AS profit,"
                + " COUNT(*) AS sales FROM sales GROUP BY product, TUMBLE(event_time, INTERVAL '10' SECOND)",
            """
            00:00:01 {t},June,Category1,Bat,10
            00:00:04 {t},June,Category1,Ball,5
            00:00:09.999 {t},June,Category1,Bat,7
            00:00:12 {t},June,Category1,Bat,1
            watermark 00:00:15
            00:00:03 {t},June,Category1,Bat,100
            00:00:13 {t},June,Category1,Bat,2
            watermark 00:00:30
            """);
    PAssert.that(out.get(SqlJob.RESULTS))
        .containsInAnyOrder(
            "{\"product\":\"Bat\",\"window_start\":\"2018-06-01T00:00:00Z\",\"profit\":17,\"sales\":2}",
            "{\"product\":\"Ball\",\"window_start\":\"2018-06-01T00:00:00Z\",\"profit\":5,\"sales\":1}",
            "{\"product\":\"Bat\",\"window_start\":\"2018-06-01T00:00:10Z\",\"profit\":3,\"sales\":2}");
    PAssert.that(out.get(SqlJob.LATE_RECORDS))
        .containsInAnyOrder(
            "{\"record\":\"2018-06-01T00:00:03Z,June,Category1,Bat,100\",\"key\":\"sales\","
                + "\"windowStart\":\"2018-06-01T00:00:00Z\",\"windowEnd\":\"2018-06-01T00:00:10Z\","
                + "\"eventTime\":\"2018-06-01T00:00:03Z\",\"windowClosedAt\":\"2018-06-01T00:00:10Z\","
                + "\"eventTimeBeforeCloseMs\":7000}");
    PAssert.that(out.get(SqlJob.DEAD_LETTERS)).empty();
    pipeline.run();
  }

  @RunnerTest
  void aHoppingQueryPutsEachReadingInEveryWindowThatHoldsIt(TestPipeline pipeline) {
    PCollectionTuple out =
        run(
            pipeline,
            List.of(new QueryTable("readings", TableKind.READINGS)),
            "SELECT device, HOP_START(event_time, INTERVAL '5' SECOND, INTERVAL '10' SECOND) AS window_start,"
                + " COUNT(*) AS n, MAX(reading) AS top FROM readings"
                + " GROUP BY device, HOP(event_time, INTERVAL '5' SECOND, INTERVAL '10' SECOND)",
            """
            00:00:01 {t},sensor-1,1.5
            00:00:06 {t},sensor-1,4
            00:00:12 {t},sensor-1,2
            watermark end
            """);
    PAssert.that(out.get(SqlJob.RESULTS))
        .containsInAnyOrder(
            "{\"device\":\"sensor-1\",\"window_start\":\"2018-05-31T23:59:55Z\",\"n\":1,\"top\":1.5}",
            "{\"device\":\"sensor-1\",\"window_start\":\"2018-06-01T00:00:00Z\",\"n\":2,\"top\":4.0}",
            "{\"device\":\"sensor-1\",\"window_start\":\"2018-06-01T00:00:05Z\",\"n\":2,\"top\":4.0}",
            "{\"device\":\"sensor-1\",\"window_start\":\"2018-06-01T00:00:10Z\",\"n\":1,\"top\":2.0}");
    pipeline.run();
  }

  @RunnerTest
  void aSessionQueryMergesTwoSessionsThatARecordBridges(TestPipeline pipeline) {
    PCollectionTuple out =
        run(
            pipeline,
            "SELECT product, SESSION_START(event_time, INTERVAL '5' SECOND) AS session_start,"
                // Beam SQL's SESSION_END is the start (refused by QueryPlan): a session ends one gap after its last sale.
                + " MAX(event_time) + INTERVAL '5' SECOND AS session_end, COUNT(*) AS sales"
                + " FROM sales GROUP BY product, SESSION(event_time, INTERVAL '5' SECOND)",
            """
            00:00:01 {t},June,Category1,Bat,10
            00:00:09 {t},June,Category1,Bat,10
            00:00:30 {t},June,Category1,Bat,10
            00:00:05 {t},June,Category1,Bat,10
            watermark end
            """);
    PAssert.that(out.get(SqlJob.RESULTS))
        .containsInAnyOrder(
            "{\"product\":\"Bat\",\"session_start\":\"2018-06-01T00:00:01Z\",\"session_end\":\"2018-06-01T00:00:14Z\",\"sales\":3}",
            "{\"product\":\"Bat\",\"session_start\":\"2018-06-01T00:00:30Z\",\"session_end\":\"2018-06-01T00:00:35Z\",\"sales\":1}");
    pipeline.run();
  }

  @RunnerTest
  void twoStreamsJoinWindowByWindow(TestPipeline pipeline) {
    // One timeline for both streams (one watermark): "o " lines are orders, "r " lines refunds.
    PCollection<String> both = pipeline.apply(T.parse("""
        00:00:01 o {t},June,Category1,Bat,10
        00:00:02 r {t},June,Category1,Bat,-3
        00:00:03 o {t},June,Category1,Ball,4
        00:00:04 o {t},June,Category1,Bat,6
        00:00:12 o {t},June,Category1,Bat,8
        00:00:13 r {t},June,Category1,Ball,-1
        watermark end
        """).sourceFor(pipeline));
    PCollectionTuple lines =
        PCollectionTuple.of(new TupleTag<>("orders"), linesOf(both, "o"))
            .and(new TupleTag<>("refunds"), linesOf(both, "r"));
    String perWindow =
        "SELECT product, TUMBLE_START(event_time, INTERVAL '10' SECOND) AS ws, SUM(profit) AS profit FROM %s"
            + " GROUP BY product, TUMBLE(event_time, INTERVAL '10' SECOND)";
    PCollectionTuple out =
        lines.apply(
            query(
                List.of(new QueryTable("orders", TableKind.SALES), new QueryTable("refunds", TableKind.SALES)),
                "SELECT o.product, o.ws AS window_start, o.profit AS ordered, r.profit AS refunded FROM ("
                    + perWindow.formatted("orders") + ") o JOIN (" + perWindow.formatted("refunds")
                    + ") r ON o.product = r.product AND o.ws = r.ws"));
    PAssert.that(out.get(SqlJob.RESULTS))
        .containsInAnyOrder("{\"product\":\"Bat\",\"window_start\":\"2018-06-01T00:00:00Z\",\"ordered\":16,\"refunded\":-3}");
    pipeline.run();
  }

  private static PCollection<String> linesOf(PCollection<String> both, String stream) {
    return both.apply("Only" + stream, Filter.by(line -> line.startsWith(stream + " ")))
        .apply("Strip" + stream, MapElements.into(TypeDescriptors.strings()).via(line -> line.substring(2)));
  }

  private static PCollectionTuple run(TestPipeline pipeline, String query, String timeline) {
    return run(pipeline, List.of(new QueryTable("sales", TableKind.SALES)), query, timeline);
  }

  private static PCollectionTuple run(TestPipeline pipeline, List<QueryTable> tables, String query, String timeline) {
    PCollection<String> lines = pipeline.apply(T.parse(timeline).sourceFor(pipeline));
    return PCollectionTuple.of(new TupleTag<>(tables.get(0).name()), lines).apply(query(tables, query));
  }

  private static SqlJob.Query query(List<QueryTable> tables, String query) {
    return new SqlJob.Query(query, tables, Duration.ZERO, TriggerSpec.defaultTrigger(), Accumulation.ACCUMULATING);
  }
}
