package dev.eventide.pipelines.fraud;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;

import dev.eventide.pipelines.GeneratorOptions;
import dev.eventide.testing.files.OutputFiles;
import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.junit.TestRunner;
import dev.eventide.transforms.io.BankGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fraud job on generated bank data with bursts, city changes and malformed lines: the
 * flagged transactions are exactly those of an independent calculation, in batch (lists from the
 * start, files out) and in streaming (lists arriving part way, applying from their time).
 */
class FraudRunTest {

  private static final String[] GENERATOR = {
    "--generatorRecords=2000",
    "--generatorSeed=5",
    "--generatorInterval=50ms",
    "--generatorMaxDisorder=3s",
    "--generatorCustomers=30",
    "--generatorHotShare=0.3",
    "--generatorCityChangeShare=0.05",
    "--generatorMalformedFraction=0.02",
  };

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void aBatchRunWritesExactlyTheIndependentlyFlaggedTransactions(TestPipeline pipeline, @TempDir Path dir) throws IOException {
    FraudOptions generatorOptions = PipelineOptionsFactory.fromArgs(GENERATOR).as(FraudOptions.class);
    FraudOptions options = pipeline.getOptions().as(FraudOptions.class);
    options.setGeneratorRecords(generatorOptions.getGeneratorRecords());
    options.setGeneratorSeed(generatorOptions.getGeneratorSeed());
    options.setGeneratorInterval(generatorOptions.getGeneratorInterval());
    options.setGeneratorMaxDisorder(generatorOptions.getGeneratorMaxDisorder());
    options.setGeneratorCustomers(generatorOptions.getGeneratorCustomers());
    options.setGeneratorHotShare(generatorOptions.getGeneratorHotShare());
    options.setGeneratorCityChangeShare(generatorOptions.getGeneratorCityChangeShare());
    options.setGeneratorMalformedFraction(generatorOptions.getGeneratorMalformedFraction());
    options.setOutput(dir.resolve("out/fraud").toString());
    new FraudJob().build(pipeline, options);
    pipeline.run().waitUntilFinish();

    FraudResults expected = FraudResults.ofGenerator(generatorOptions, false);
    assertEveryRuleOccurs(expected);
    assertThat(OutputFiles.lines(dir.resolve("out"), "fraud-0"), containsInAnyOrder(expected.flagged.toArray()));
    assertThat(OutputFiles.lines(dir.resolve("out"), "fraud-dead-letter-"), hasSize(expected.malformed));
  }

  @RunnerTest
  void aStreamingRunFlagsExactlyTheIndependentlyFlaggedTransactions(TestPipeline pipeline) {
    List<String> args = new ArrayList<>(List.of(GENERATOR));
    args.add("--generatorRatePerSecond=4000");
    FraudOptions options = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(FraudOptions.class);
    BankGenerator generator = FraudJob.generator(options);
    long records = options.getGeneratorRecords();
    PCollectionTuple out =
        PCollectionTuple.of(FraudJob.TRANSACTION_LINES, pipeline.apply("Transactions", GeneratorOptions.lines(options, generator.transactions(), records)))
            .and(
                FraudJob.ALARMED_CUSTOMER_LINES,
                pipeline.apply("Alarmed", GeneratorOptions.lines(options, generator.alarmedCustomers(records), generator.alarmedCount())))
            .and(
                FraudJob.LOST_CARD_LINES,
                pipeline.apply("Lost", GeneratorOptions.lines(options, generator.lostCards(records), generator.lostCount())))
            .apply(FraudJob.detectFraud(options));
    FraudResults expected = FraudResults.ofGenerator(options, true);
    assertEveryRuleOccurs(expected);
    PAssert.that(out.get(FraudJob.FLAGGED)).containsInAnyOrder(expected.flagged);
    PAssert.that(out.get(FraudJob.LATE)).empty();
    pipeline.run();
  }

  /** The scenario is only a check of every rule if every rule flags something in it. */
  private static void assertEveryRuleOccurs(FraudResults expected) {
    for (String rule : List.of("ALARMED_CUSTOMER", "LOST_CARD", "EXCESSIVE_TRANSACTIONS", "CITY_CHANGE")) {
      assertThat(expected.perRule, hasKey(rule));
    }
    assertThat(expected.malformed, greaterThan(0));
  }

}
