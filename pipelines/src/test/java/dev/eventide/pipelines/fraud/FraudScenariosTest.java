package dev.eventide.pipelines.fraud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.scenario.LinesWithPrefix;
import dev.eventide.testing.scenario.Timeline;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The fraud job under controlled event time, on the DirectRunner and the FlinkRunner: every rule,
 * flags merged per transaction, window boundaries, reference lists that arrive while the job runs
 * and apply from their own time, late transactions, bad lines. Each timeline line is {@code tx
 * <transaction line>}, {@code alarm <alarmed customer line>} or {@code lost <lost card line>};
 * {@code {t}} is the line's event time, and a list line applies from its timeline time.
 */
class FraudScenariosTest {

  private static final Timeline T = Timeline.startingAt("2018-06-01T00:00:00Z");

  @RunnerTest
  void everyRuleFlagsItsTransactionsAndTheFlagsOfOneTransactionAreMerged(TestPipeline pipeline) {
    PCollectionTuple out =
        run(
            pipeline,
            """
            -01:00:00 alarm id_a,aa11111111
            -01:00:00 lost 999000111222,2018-01-10 23:41:27,John,Under Process
            00:00:01 tx A1,{t},Pune,id_a,aa11111111,111000111222,10
            00:00:02 tx B1,{t},Pune,id_b,bb22222222,999000111222,20
            00:00:06 tx C3,{t},Pune,id_c,cc33333333,999000111222,7     # excessive and a lost card
            00:00:03 tx A2,{t},Pune,id_a,aa11111111,999000111222,5     # alarmed and a lost card
            00:00:04 tx C1,{t},Pune,id_c,cc33333333,333000111222,7
            00:00:05 tx C2,{t},Pune,id_c,cc33333333,333000111222,7     # id_c: 3 in [0s,10s): excessive
            00:00:12 tx D2,{t},Delhi,id_d,dd44444444,444000111222,1
            00:00:11 tx D1,{t},Pune,id_d,dd44444444,444000111222,1     # id_d: 2 cities in [10s,20s)
            00:00:25 tx D3,{t},Mumbai,id_d,dd44444444,444000111222,1   # alone in [20s,30s): fine
            00:00:09 tx E1,{t},Pune,id_e,ee55555555,555000111222,1
            00:00:10 tx E2,{t},Delhi,id_e,ee55555555,555000111222,1    # other window: no city change
            00:00:13 tx F1,{t},Pune,id_f,ff66666666,666000111222,1
            00:00:14 tx F2,{t},Agra,id_f,ff66666666,666000111222,1
            00:00:15 tx F3,{t},Agra,id_f,ff66666666,666000111222,1     # id_f: 3 in two cities
            00:00:16 tx G1,{t},Pune,id_g,gg77777777,777000111222,1
            00:00:17 tx G2,{t},Pune,id_g,gg77777777,777000111222,1     # two: at the threshold, fine
            watermark 00:01:00
            """,
            "--excessiveAbove=2");
    PAssert.that(shortFlags(out))
        .containsInAnyOrder(
            "A1 ALARMED_CUSTOMER",
            "A2 ALARMED_CUSTOMER,LOST_CARD",
            "B1 LOST_CARD",
            "C1 EXCESSIVE_TRANSACTIONS",
            "C2 EXCESSIVE_TRANSACTIONS",
            "C3 LOST_CARD,EXCESSIVE_TRANSACTIONS",
            "D1 CITY_CHANGE",
            "D2 CITY_CHANGE",
            "F1 EXCESSIVE_TRANSACTIONS,CITY_CHANGE",
            "F2 EXCESSIVE_TRANSACTIONS,CITY_CHANGE",
            "F3 EXCESSIVE_TRANSACTIONS,CITY_CHANGE");
    PAssert.that(out.get(FraudJob.FLAGGED).apply(Filter.by(json -> json.contains("\"A2\""))))
        .containsInAnyOrder(
            "{\"transactionId\":\"A2\",\"customerId\":\"id_a\",\"cardNumber\":\"999000111222\","
                + "\"rules\":[\"ALARMED_CUSTOMER\",\"LOST_CARD\"],"
                + "\"transaction\":\"A2,2018-06-01T00:00:03Z,Pune,id_a,aa11111111,999000111222,5\"}");
    PAssert.that(out.get(FraudJob.LATE)).empty();
    pipeline.run();
  }

  @RunnerTest
  void aListingAppliesFromItsOwnTimeEvenWhenItArrivesLate(TestPipeline pipeline) {
    PCollectionTuple out =
        run(
            pipeline,
            """
            00:00:02 tx K1,{t},Pune,id_k,kk11111111,100000000001,1   # before the listing's time
            00:00:05 tx K2,{t},Pune,id_k,kk11111111,100000000001,1   # after it, but seen before it
            00:00:03 alarm id_k,kk11111111
            watermark 00:00:08
            00:00:20 tx K3,{t},Pune,id_k,kk11111111,100000000001,1
            00:00:29 tx L1,{t},Pune,id_l,ll11111111,777000000001,1   # card lost from 0:30 only
            00:00:30 lost 777000000001,2018-06-01 00:00:30,Lee,Blocked
            00:00:31 tx L2,{t},Pune,id_l,ll11111111,777000000001,1
            00:00:33 tx M0,{t},Pune,id_m,mm11111111,200000000001,1
            watermark 00:01:00
            00:00:21 tx K4,{t},Delhi,id_k,kk11111111,100000000001,1  # late: the lists still judge it
            00:00:34 tx M1,{t},Delhi,id_m,mm11111111,200000000001,1  # late, on no list
            watermark 00:02:00
            """,
            "--excessiveAbove=10");
    // The late K4 and M1 would make a city change with K3 and M0, but their windows had closed.
    PAssert.that(shortFlags(out))
        .containsInAnyOrder("K2 ALARMED_CUSTOMER", "K3 ALARMED_CUSTOMER", "L2 LOST_CARD", "K4 ALARMED_CUSTOMER");
    PAssert.that(out.get(FraudJob.LATE).apply(MapElements.into(TypeDescriptors.strings()).via(json -> field(json, "record"))))
        .containsInAnyOrder(
            "K4,2018-06-01T00:00:21Z,Delhi,id_k,kk11111111,100000000001,1",
            "M1,2018-06-01T00:00:34Z,Delhi,id_m,mm11111111,200000000001,1");
    pipeline.run();
  }

  @RunnerTest
  void aRepeatedLineIsFlaggedOncePerOccurrenceAndBadLinesAreDeadLettered(TestPipeline pipeline) {
    PCollectionTuple out =
        run(
            pipeline,
            """
            -00:00:01 alarm id_r,rr11111111
            -00:00:01 alarm id_r                                    # one field short
            -00:00:01 lost 123
            00:00:01 tx R1,{t},Pune,id_r,rr11111111,300000000001,1
            00:00:01 tx R1,{t},Pune,id_r,rr11111111,300000000001,1   # the same line again
            00:00:02 tx R2,{t},Pune,id_r,rr11111111,300000000001,lots
            00:00:03 tx R3,yesterday,Pune,id_r,rr11111111,300000000001,1
            00:00:04 tx R4,{t},Pune,id_r
            watermark 00:01:00
            """,
            "--excessiveAbove=1");
    // Two occurrences of R1: two transactions, more than one in the window, both alarmed.
    PAssert.that(shortFlags(out))
        .containsInAnyOrder("R1 ALARMED_CUSTOMER,EXCESSIVE_TRANSACTIONS", "R1 ALARMED_CUSTOMER,EXCESSIVE_TRANSACTIONS");
    PAssert.that(out.get(FraudJob.DEAD_LETTERS))
        .containsInAnyOrder(
            "{\"input\":\"id_r\",\"error\":\"expected 2 fields (customerId,accountId) but found 1\"}",
            "{\"input\":\"123\",\"error\":\"expected 4 fields (cardNumber,reportedAt,holderName,status) but found 1\"}",
            "{\"input\":\"R2,2018-06-01T00:00:02Z,Pune,id_r,rr11111111,300000000001,lots\",\"error\":\"amount 'lots' is not a number\"}",
            "{\"input\":\"R3,yesterday,Pune,id_r,rr11111111,300000000001,1\",\"error\":\"" + timeError("timestamp", "yesterday") + "\"}",
            "{\"input\":\"R4,2018-06-01T00:00:04Z,Pune,id_r\",\"error\":\"expected 7 fields "
                + "(transactionId,timestamp,city,customerId,accountId,cardNumber,amount) but found 4\"}");
    pipeline.run();
  }

  private static PCollectionTuple run(TestPipeline pipeline, String timeline, String... args) {
    FraudOptions options = PipelineOptionsFactory.fromArgs(args).as(FraudOptions.class);
    PCollection<String> lines = pipeline.apply(T.parse(timeline).toTestStream());
    return PCollectionTuple.of(FraudJob.TRANSACTION_LINES, lines.apply("txLines", LinesWithPrefix.of("tx ")))
        .and(FraudJob.ALARMED_CUSTOMER_LINES, lines.apply("alarmLines", LinesWithPrefix.of("alarm ")))
        .and(FraudJob.LOST_CARD_LINES, lines.apply("lostLines", LinesWithPrefix.of("lost ")))
        .apply(FraudJob.detectFraud(options));
  }

  /** {@code <transactionId> <rule>,<rule>} per flagged transaction. */
  private static PCollection<String> shortFlags(PCollectionTuple out) {
    return out.get(FraudJob.FLAGGED)
        .apply("ShortFlags", MapElements.into(TypeDescriptors.strings()).via(FraudScenariosTest::shortFlag));
  }

  private static String shortFlag(String json) {
    JsonNode node = read(json);
    List<String> rules = new ArrayList<>();
    node.get("rules").forEach(rule -> rules.add(rule.asText()));
    return node.get("transactionId").asText() + " " + String.join(",", rules);
  }

  private static String field(String json, String name) {
    return read(json).get(name).asText();
  }

  private static JsonNode read(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new AssertionError(json, e);
    }
  }

  /** The parser's own message for a bad time, so the test does not restate its wording. */
  private static String timeError(String field, String text) {
    try {
      dev.eventide.transforms.parse.Fields.time(field, text);
      throw new AssertionError("'" + text + "' parsed as a time");
    } catch (dev.eventide.transforms.parse.InvalidRecordException e) {
      return e.getMessage();
    }
  }
}
