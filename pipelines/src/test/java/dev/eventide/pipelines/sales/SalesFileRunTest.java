package dev.eventide.pipelines.sales;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.eventide.pipelines.tools.GenerateSalesFile;
import dev.eventide.testing.files.OutputFiles;
import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.junit.TestRunner;
import dev.eventide.transforms.aggregate.SaleKey;
import dev.eventide.transforms.io.SaleGenerator;
import dev.eventide.transforms.model.Sale;
import dev.eventide.transforms.windowing.WindowSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole sales job on a generated file (out of order, with malformed lines) as a user runs it:
 * files in, JSON Lines files out. The DirectRunner and the FlinkRunner in batch mode must both
 * print exactly the results of an independent calculation, for every kind of window.
 */
class SalesFileRunTest {

  private static final int RECORDS = 3000;
  private static final String[] GENERATOR = {
    "--generatorRecords=" + RECORDS,
    "--generatorSeed=11",
    "--generatorMaxDisorder=3s",
    "--generatorLateFraction=0.02",
    "--generatorMalformedFraction=0.05"
  };

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void fixedWindowsPerProduct(TestPipeline pipeline, @TempDir Path dir) throws IOException {
    checkRun(pipeline, dir, "fixed:10s", "product");
  }

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void slidingWindowsPerCategory(TestPipeline pipeline, @TempDir Path dir) throws IOException {
    checkRun(pipeline, dir, "sliding:10s,5s", "category");
  }

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void sessionWindowsPerProduct(TestPipeline pipeline, @TempDir Path dir) throws IOException {
    checkRun(pipeline, dir, "session:1s", "product");
  }

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void theGlobalWindowPerMonth(TestPipeline pipeline, @TempDir Path dir) throws IOException {
    checkRun(pipeline, dir, "global", "month");
  }

  private static void checkRun(TestPipeline pipeline, Path dir, String window, String keyBy)
      throws IOException {
    Path input = dir.resolve("sales.csv");
    List<String> toolArgs = new ArrayList<>(List.of(GENERATOR));
    toolArgs.add("--file=" + input);
    assertThat(GenerateSalesFile.run(toolArgs.toArray(String[]::new), quiet(), quiet()), equalTo(0));

    SalesOptions options = pipeline.getOptions().as(SalesOptions.class);
    options.setInput(input.toString());
    options.setOutput(dir.resolve("out/sales").toString());
    options.setWindow(window);
    options.setKeyBy(keyBy);
    new SalesJob().build(pipeline, options);
    pipeline.run().waitUntilFinish();

    SaleGenerator generator =
        SalesGeneratorOptions.generator(PipelineOptionsFactory.fromArgs(GENERATOR).as(SalesOptions.class));
    List<Sale> sales = new ArrayList<>();
    List<String> deadLetters = new ArrayList<>();
    for (long i = 0; i < RECORDS; i++) {
      Optional<Sale> sale = generator.sale(i);
      if (sale.isPresent()) {
        sales.add(sale.get());
      } else {
        deadLetters.add(generator.line(i));
      }
    }

    List<String> results = OutputFiles.lines(dir.resolve("out"), "sales-0");
    assertThat(
        results,
        containsInAnyOrder(
            SalesResults.expected(sales, WindowSpec.parse(window), SaleKey.parse(keyBy)).toArray()));

    List<String> dead = OutputFiles.lines(dir.resolve("out"), "sales-dead-letter-");
    assertThat(dead, hasSize(deadLetters.size()));
    assertThat(
        dead.stream().map(SalesFileRunTest::inputOf).toList(), containsInAnyOrder(deadLetters.toArray()));
  }

  private static String inputOf(String deadLetterJson) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(deadLetterJson).get("input").asText();
    } catch (IOException e) {
      throw new AssertionError("not a dead-letter line: " + deadLetterJson, e);
    }
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

}
