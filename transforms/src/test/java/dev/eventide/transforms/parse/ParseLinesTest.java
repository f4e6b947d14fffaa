package dev.eventide.transforms.parse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.junit.TestRunner;
import dev.eventide.testing.metrics.Counters;
import dev.eventide.transforms.model.DeadLetter;
import dev.eventide.transforms.model.Sale;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/** Every line ends somewhere: a record, a dead letter with its reason, or a counted blank line. */
class ParseLinesTest {

  private static final List<String> LINES =
      List.of(
          "\uFEFF01-06-2018,June,Category5,Bat,12",
          "  2018-07-13T10:00:00.250Z,July,Category1,Television,-3  ",
          "",
          "   ",
          "01-06-2018,June,Category5,Bat",
          "32-06-2018,June,Category5,Bat,12",
          "01-06-2018,June,Category5,Bat,1.5",
          "01-06-2018,June,Category5,Bat,9999999999",
          "01-06-2018,,Category5,Bat,12",
          "01-06-2018,June,,Bat,12",
          "01-06-2018,June,Category5,,12");

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void sendsEveryMalformedLineToTheDeadLettersWithItsReason(TestPipeline pipeline) {
    Parsed<Sale> parsed = pipeline.apply(Create.of(LINES)).apply(ParseSales.create());

    PAssert.that(parsed.records())
        .containsInAnyOrder(
            new Sale(Instant.parse("2018-06-01T00:00:00Z"), "June", "Category5", "Bat", 12),
            new Sale(Instant.parse("2018-07-13T10:00:00.250Z"), "July", "Category1", "Television", -3));
    PAssert.that(parsed.records().apply(ParDo.of(new TimestampOf())))
        .containsInAnyOrder(
            Instant.parse("2018-06-01T00:00:00Z").getMillis(),
            Instant.parse("2018-07-13T10:00:00.250Z").getMillis());
    PAssert.that(parsed.deadLetters())
        .containsInAnyOrder(
            new DeadLetter(
                "01-06-2018,June,Category5,Bat",
                "expected 5 fields (date,month,category,product,profit) but found 4"),
            new DeadLetter(
                "32-06-2018,June,Category5,Bat,12",
                "bad date '32-06-2018': expected dd-MM-yyyy or an ISO-8601 instant such as 2018-06-01T10:15:30Z"),
            new DeadLetter("01-06-2018,June,Category5,Bat,1.5", "profit '1.5' is not a whole number"),
            new DeadLetter(
                "01-06-2018,June,Category5,Bat,9999999999",
                "profit '9999999999' is out of range [-2147483648, 2147483647]"),
            new DeadLetter("01-06-2018,,Category5,Bat,12", "empty month"),
            new DeadLetter("01-06-2018,June,,Bat,12", "empty category"),
            new DeadLetter("01-06-2018,June,Category5,,12", "empty product"));

    PipelineResult result = pipeline.run();
    result.waitUntilFinish();

    long records = counter(result, ParseLines.RECORDS);
    long deadLetters = counter(result, ParseLines.DEAD_LETTERS);
    long blank = counter(result, ParseLines.BLANK_LINES);
    assertThat(records, equalTo(2L));
    assertThat(deadLetters, equalTo(7L));
    assertThat(blank, equalTo(2L));
    assertThat(records + deadLetters + blank, equalTo((long) LINES.size()));
  }

  @org.junit.jupiter.api.Test
  void deadLettersPrintAsJsonWithTheOriginalText() {
    assertThat(
        new DeadLetter("a,\"b\"", "expected 5 fields").toJson(),
        equalTo("{\"input\":\"a,\\\"b\\\"\",\"error\":\"expected 5 fields\"}"));
  }

  private static long counter(PipelineResult result, String name) {
    return Counters.total(result, ParseLines.counterNamespace(ParseSales.PARSER), name);
  }

  private static final class TimestampOf extends DoFn<Sale, Long> {
    @ProcessElement
    public void process(@Timestamp Instant timestamp, OutputReceiver<Long> out) {
      out.output(timestamp.getMillis());
    }
  }
}
