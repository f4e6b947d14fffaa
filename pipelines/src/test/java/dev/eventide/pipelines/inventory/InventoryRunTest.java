package dev.eventide.pipelines.inventory;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import dev.eventide.testing.files.OutputFiles;
import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.junit.TestRunner;
import dev.eventide.transforms.io.InventoryGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.joda.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inventory job on generated, out-of-order transactions and queries with malformed lines: the
 * answers, the stock after each applied transaction and the rejections are exactly those of an
 * independent calculation, in batch (files out) and in streaming (the paced generator).
 */
class InventoryRunTest {

  private static final String[] GENERATOR = {
    "--generatorRecords=3000",
    "--generatorSeed=7",
    "--generatorInterval=20ms",
    "--generatorMaxDisorder=2s",
    "--generatorItems=6",
    "--generatorQueryEvery=7",
    "--generatorMalformedFraction=0.03",
    "--forgetAfter=10s"
  };

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void aBatchRunWritesExactlyTheIndependentResults(TestPipeline pipeline, @TempDir Path dir) throws IOException {
    InventoryOptions options = pipeline.getOptions().as(InventoryOptions.class);
    InventoryOptions generatorOptions = PipelineOptionsFactory.fromArgs(GENERATOR).as(InventoryOptions.class);
    options.setGeneratorRecords(generatorOptions.getGeneratorRecords());
    options.setGeneratorSeed(generatorOptions.getGeneratorSeed());
    options.setGeneratorInterval(generatorOptions.getGeneratorInterval());
    options.setGeneratorMaxDisorder(generatorOptions.getGeneratorMaxDisorder());
    options.setGeneratorItems(generatorOptions.getGeneratorItems());
    options.setGeneratorQueryEvery(generatorOptions.getGeneratorQueryEvery());
    options.setGeneratorMalformedFraction(generatorOptions.getGeneratorMalformedFraction());
    options.setForgetAfter(generatorOptions.getForgetAfter());
    options.setOutput(dir.resolve("out/inventory").toString());
    new InventoryJob().build(pipeline, options);
    pipeline.run().waitUntilFinish();

    InventoryResults expected = expected(generatorOptions);
    assertThat(expected.rejected, not(empty()));
    assertThat(OutputFiles.lines(dir.resolve("out"), "inventory-answers-"), containsInAnyOrder(expected.answers.toArray()));
    assertThat(OutputFiles.lines(dir.resolve("out"), "inventory-stock-"), containsInAnyOrder(expected.stock.toArray()));
    assertThat(OutputFiles.lines(dir.resolve("out"), "inventory-rejected-"), containsInAnyOrder(expected.rejected.toArray()));
    assertThat(OutputFiles.lines(dir.resolve("out"), "inventory-dead-letter-"), hasSize(deadLetters(generatorOptions)));
  }

  @RunnerTest
  void aStreamingRunAnswersExactlyTheIndependentResults(TestPipeline pipeline) {
    List<String> args = new ArrayList<>(List.of(GENERATOR));
    args.add("--generatorRatePerSecond=5000");
    InventoryOptions options = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(InventoryOptions.class);
    InventoryGenerator generator = InventoryJob.generator(options);
    long records = options.getGeneratorRecords();
    PCollectionTuple out =
        PCollectionTuple.of(InventoryJob.TRANSACTION_LINES, pipeline.apply("Transactions", dev.eventide.pipelines.GeneratorOptions.lines(options, generator.transactions(), records)))
            .and(InventoryJob.QUERY_LINES, pipeline.apply("Queries", dev.eventide.pipelines.GeneratorOptions.lines(options, generator.queries(), generator.queriesFor(records))))
            .apply(InventoryJob.trackInventory(options));
    InventoryResults expected = expected(options);
    PAssert.that(out.get(InventoryJob.ANSWERS)).containsInAnyOrder(expected.answers);
    PAssert.that(out.get(InventoryJob.STOCK)).containsInAnyOrder(expected.stock);
    PAssert.that(out.get(InventoryJob.REJECTED)).containsInAnyOrder(expected.rejected);
    pipeline.run();
  }

  private static InventoryResults expected(InventoryOptions options) {
    return InventoryResults.of(
        InventoryJob.generator(options), options.getGeneratorRecords(), Duration.standardSeconds(10));
  }

  private static int deadLetters(InventoryOptions options) {
    InventoryGenerator generator = InventoryJob.generator(options);
    int n = 0;
    for (long i = 0; i < options.getGeneratorRecords(); i++) {
      n += generator.transaction(i).isEmpty() ? 1 : 0;
    }
    for (long j = 0; j < generator.queriesFor(options.getGeneratorRecords()); j++) {
      n += generator.query(j).isEmpty() ? 1 : 0;
    }
    return n;
  }

}
