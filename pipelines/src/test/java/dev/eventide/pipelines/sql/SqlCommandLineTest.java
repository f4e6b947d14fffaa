package dev.eventide.pipelines.sql;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventide.pipelines.Launcher;
import dev.eventide.pipelines.sales.SalesGeneratorOptions;
import dev.eventide.pipelines.sales.SalesOptions;
import dev.eventide.pipelines.sales.SalesResults;
import dev.eventide.testing.files.OutputFiles;
import dev.eventide.transforms.aggregate.SaleKey;
import dev.eventide.transforms.io.SaleGenerator;
import dev.eventide.transforms.model.Sale;
import dev.eventide.transforms.windowing.WindowSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The SQL job as a user runs it: {@code --help} lists the tables and their columns, {@code
 * --explain} prints the plan, a bad query is one message with its position and exit status 2, and
 * a query runs on the generator.
 */
class SqlCommandLineTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void helpListsTheTablesAndTheirColumns() {
    assertThat(run("sql", "--help"), equalTo(0));
    assertThat(
        text(out),
        allOf(
            containsString("sales     event_time TIMESTAMP, month VARCHAR, category VARCHAR, product VARCHAR, profit BIGINT"),
            containsString("readings  event_time TIMESTAMP, device VARCHAR, reading DOUBLE"),
            containsString("--query=")));
  }

  @Test
  void explainPrintsThePlanAndRunsNothing() {
    assertThat(
        run("sql", "--explain", "--query=SELECT product, COUNT(*) AS n FROM sales GROUP BY product, TUMBLE(event_time, INTERVAL '1' MINUTE)"),
        equalTo(0));
    assertThat(text(out), allOf(containsString("BeamAggregationRel"), containsString("FixedWindows"), containsString("BeamIOSourceRel")));
    assertThat(text(err), not(containsString("Starting job")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "an unknown column | SELECT product, colour FROM sales | From line 1, column 17 to line 1, column 22: Column 'colour' not found in any table",
        "a type error | SELECT product, SUM(event_time) FROM sales GROUP BY product | Cannot apply 'SUM' to arguments of type 'SUM(<TIMESTAMP(6)>)'",
        "a keyword as a column | SELECT month FROM sales | The column month has the name of a SQL keyword: write it `month`, in backticks",
        "a syntax error | SELECT product FROM sales WHERE | line 1, column",
        "an unsupported construct | SELECT product FROM sales ORDER BY profit | ORDER BY without a LIMIT is not supported",
      })
  void aBadQueryIsOneMessageAndExitStatusTwo(String what, String query, String message) {
    assertThat(run("sql", "--generatorRecords=10", "--query=" + query), equalTo(2));
    assertThat(text(err), allOf(containsString(message), not(containsString("\tat ")), not(containsString("Exception"))));
  }

  @Test
  void rowsAnExpressionFailsOnAreDeadLettersAndTheJobGoesOn(@TempDir Path dir) throws Exception {
    // Calcite casts '10' to a number for the comparison; 1 / (profit - 10) fails where profit is 10.
    Path input = dir.resolve("sales.csv");
    Files.write(
        input,
        List.of(
            "2018-06-01T00:00:01Z,June,Category1,Bat,10",
            "2018-06-01T00:00:02Z,June,Category1,Ball,12",
            "2018-06-01T00:00:03Z,June,Category2,Bat,8",
            "not a sale"));
    assertThat(
        run(
            "sql", "--input=" + input, "--output=" + dir.resolve("out/sql"),
            "--query=SELECT product, 100 / (profit - 10) AS share FROM sales WHERE profit >= '8'"),
        equalTo(0));
    assertThat(
        OutputFiles.lines(dir.resolve("out"), "sql-0"),
        containsInAnyOrder("{\"product\":\"Ball\",\"share\":50}", "{\"product\":\"Bat\",\"share\":-50}"));
    List<String> dead = OutputFiles.lines(dir.resolve("out"), "sql-dead-letter-");
    assertThat(dead, hasSize(2));
    assertThat(
        dead,
        hasItem(
            allOf(
                containsString("\"input\":\"{\\\"product\\\":\\\"Bat\\\",\\\"profit\\\":10}\""),
                containsString("the query failed on this row: / by zero"))));
    assertThat(text(err), not(containsString("\tat ")));
  }

  @Test
  void anAggregationOfAStreamWithoutWindowsIsRefusedWithBeamsReason() {
    assertThat(
        run("sql", "--generatorRecords=10", "--generatorRatePerSecond=100", "--query=SELECT product, SUM(profit) AS profit FROM sales GROUP BY product"),
        equalTo(2));
    assertThat(text(err), allOf(containsString("Beam SQL cannot run this query"), containsString("TUMBLE"), not(containsString("\tat "))));
  }

  @Test
  void optionsThatCannotWorkAreRefused() {
    assertThat(run("sql", "--table=sales,orders:stock", "--query=SELECT 1"), equalTo(2));
    assertThat(text(err), containsString("unknown kind 'stock'"));
    assertThat(run("sql", "--table=orders:sales,returns:sales", "--input=a.csv", "--query=SELECT 1"), equalTo(2));
    assertThat(text(err), containsString("--input gives 1 sources for 2 tables"));
    assertThat(run("sql", "--table=sales"), equalTo(2));
    assertThat(text(err), containsString("--query is required"));
  }

  @Test
  void aQueryRunsOnTheGeneratorAndWritesOneJsonObjectPerRow(@TempDir Path dir) throws Exception {
    assertThat(
        run(
            "sql", "--generatorRecords=500", "--output=" + dir.resolve("sql"),
            "--query=SELECT `month`, TUMBLE_START(event_time, INTERVAL '10' SECOND) AS window_start, SUM(profit) AS profit"
                + " FROM sales GROUP BY `month`, TUMBLE(event_time, INTERVAL '10' SECOND)"),
        equalTo(0));
    // The sales job's answer for the same generator, in the query's columns.
    SalesOptions sales =
        PipelineOptionsFactory.fromArgs("--generatorRecords=500").as(SalesOptions.class);
    SaleGenerator generator = SalesGeneratorOptions.generator(sales);
    List<Sale> all = new ArrayList<>();
    for (long i = 0; i < 500; i++) {
      generator.sale(i).ifPresent(all::add);
    }
    List<String> expected = new ArrayList<>();
    for (String line :
        SalesResults.expected(
            all, WindowSpec.parse("fixed:10s"), SaleKey.MONTH)) {
      JsonNode json = new ObjectMapper().readTree(line);
      expected.add(
          "{\"month\":\"" + json.get("key").asText() + "\",\"window_start\":\"" + json.get("windowStart").asText()
              + "\",\"profit\":" + json.get("profit").asLong() + "}");
    }
    assertThat(OutputFiles.lines(dir, "sql-0"), containsInAnyOrder(expected.toArray()));
    assertThat(expected.size(), greaterThan(4));
  }

  private int run(String... args) {
    return Launcher.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static String text(ByteArrayOutputStream stream) {
    return stream.toString(StandardCharsets.UTF_8);
  }
}
