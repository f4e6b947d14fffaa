package dev.eventide.pipelines.sql;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import dev.eventide.pipelines.sales.SalesGeneratorOptions;
import dev.eventide.pipelines.sales.SalesJob;
import dev.eventide.pipelines.sales.SalesOptions;
import dev.eventide.pipelines.sales.SalesResults;
import dev.eventide.pipelines.telemetry.TelemetryResults;
import dev.eventide.pipelines.tools.GenerateSalesFile;
import dev.eventide.testing.files.OutputFiles;
import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.junit.TestRunner;
import dev.eventide.transforms.aggregate.SaleKey;
import dev.eventide.transforms.io.ReadingGenerator;
import dev.eventide.transforms.io.SaleGenerator;
import dev.eventide.transforms.model.Reading;
import dev.eventide.transforms.model.Sale;
import dev.eventide.transforms.windowing.WindowSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.io.TempDir;

/**
 * The answers of SQL agree with the jobs': profit per month and window, and the statistics per
 * device and window, computed by a query and by the sales and telemetry jobs on the same
 * generated data, are equal window by window, on a stream (with disorder) and on a file, on the
 * DirectRunner and the FlinkRunner.
 */
class SqlAgreesWithTheJobsTest {

  /** The sales job's result line without its pane: what the query's row holds. */
  private static final String PROFIT_PER_MONTH =
      "SELECT `month` AS key, TUMBLE_START(event_time, INTERVAL '2' SECOND) AS windowStart,"
          + " TUMBLE_END(event_time, INTERVAL '2' SECOND) AS windowEnd, SUM(profit) AS profit, COUNT(*) AS `count`"
          + " FROM sales GROUP BY `month`, TUMBLE(event_time, INTERVAL '2' SECOND)";

  private static final String[] STREAM = {
    "--generatorRecords=600",
    "--generatorRatePerSecond=3000",
    "--generatorSeed=5",
    "--generatorInterval=20ms",
    "--generatorMaxDisorder=1s",
    "--generatorMalformedFraction=0.05"
  };

  @RunnerTest
  void profitPerMonthBySqlIsTheSalesJobsOnAStream(TestPipeline pipeline) {
    SqlOptions options = options(STREAM, "--table=sales", "--query=" + PROFIT_PER_MONTH);
    List<SqlJob.Table> tables = SqlJob.tables(options);
    PCollection<String> lines = pipeline.apply(tables.get(0).source()).lines();
    PCollectionTuple sql = PCollectionTuple.of(new TupleTag<>("sales"), lines).apply(SqlJob.query(options, tables));

    SalesOptions salesOptions = PipelineOptionsFactory.fromArgs(STREAM).as(SalesOptions.class);
    salesOptions.setWindow("fixed:2s");
    salesOptions.setKeyBy("month");
    PCollectionTuple job = lines.apply(SalesJob.profitPerKey(salesOptions));

    Set<String> expected = QueryRows.withoutPanes(SalesResults.expected(sales(salesOptions, 600), WindowSpec.parse("fixed:2s"), SaleKey.MONTH));
    PAssert.that(sql.get(SqlJob.RESULTS)).containsInAnyOrder(expected);
    PAssert.that(job.get(SalesJob.RESULTS).apply("WithoutPane", MapElements.into(TypeDescriptors.strings()).via(QueryRows::withoutPane)))
        .containsInAnyOrder(expected);
    long malformed = 600 - sales(salesOptions, 600).size();
    PAssert.that(sql.get(SqlJob.DEAD_LETTERS)).satisfies(dead -> count(dead, malformed));
    pipeline.run();
  }

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void profitPerMonthBySqlIsTheSalesJobsOnAFile(TestPipeline pipeline, @TempDir Path dir) throws IOException {
    String[] generator = {"--generatorRecords=2000", "--generatorSeed=11", "--generatorMaxDisorder=3s", "--generatorMalformedFraction=0.05"};
    Path input = dir.resolve("sales.csv");
    List<String> toolArgs = new ArrayList<>(List.of(generator));
    toolArgs.add("--file=" + input);
    assertThat(GenerateSalesFile.run(toolArgs.toArray(String[]::new), quiet(), quiet()), equalTo(0));

    SqlOptions options = pipeline.getOptions().as(SqlOptions.class);
    options.setTable("sales");
    options.setQuery(PROFIT_PER_MONTH);
    options.setInput(input.toString());
    options.setOutput(dir.resolve("out/sql").toString());
    new SqlJob().build(pipeline, options);
    pipeline.run().waitUntilFinish();

    SalesOptions salesOptions = PipelineOptionsFactory.fromArgs(generator).as(SalesOptions.class);
    assertThat(
        OutputFiles.lines(dir.resolve("out"), "sql-0"),
        containsInAnyOrder(QueryRows.withoutPanes(SalesResults.expected(sales(salesOptions, 2000), WindowSpec.parse("fixed:2s"), SaleKey.MONTH)).toArray()));
  }

  @RunnerTest
  void deviceStatisticsBySqlAreTheTelemetryJobsOnAStream(TestPipeline pipeline) {
    SqlOptions options =
        options(
            STREAM,
            "--table=readings",
            "--query=SELECT device AS key, TUMBLE_START(event_time, INTERVAL '10' SECOND) AS windowStart,"
                + " TUMBLE_END(event_time, INTERVAL '10' SECOND) AS windowEnd, COUNT(*) AS `count`, MIN(reading) AS `min`,"
                + " MAX(reading) AS `max`, AVG(reading) AS average FROM readings"
                + " GROUP BY device, TUMBLE(event_time, INTERVAL '10' SECOND)");
    List<SqlJob.Table> tables = SqlJob.tables(options);
    PCollection<String> lines = pipeline.apply(tables.get(0).source()).lines();
    PCollectionTuple sql = PCollectionTuple.of(new TupleTag<>("readings"), lines).apply(SqlJob.query(options, tables));

    ReadingGenerator generator = (ReadingGenerator) SqlJob.TableKind.READINGS.generator(options, options.getGeneratorSeed());
    List<Reading> readings = new ArrayList<>();
    for (long i = 0; i < 600; i++) {
      generator.reading(i).ifPresent(readings::add);
    }
    PAssert.that(sql.get(SqlJob.RESULTS).apply("RoundAverage", MapElements.into(TypeDescriptors.strings()).via(QueryRows::averageRounded)))
        .containsInAnyOrder(QueryRows.withoutPanes(TelemetryResults.expected(readings, Duration.ofSeconds(10))));
    pipeline.run();
  }

  static SqlOptions options(String[] generator, String... more) {
    List<String> args = new ArrayList<>(List.of(generator));
    args.addAll(List.of(more));
    return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(SqlOptions.class);
  }

  private static List<Sale> sales(SalesOptions options, long records) {
    SaleGenerator generator = SalesGeneratorOptions.generator(options);
    List<Sale> sales = new ArrayList<>();
    for (long i = 0; i < records; i++) {
      Optional<Sale> sale = generator.sale(i);
      sale.ifPresent(sales::add);
    }
    return sales;
  }

  private static Void count(Iterable<String> lines, long expected) {
    long n = 0;
    for (String ignored : lines) {
      n++;
    }
    assertThat(n, equalTo(expected));
    return null;
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
