package dev.eventide.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import dev.eventide.pipelines.aggregates.AggregatesJob;
import dev.eventide.pipelines.fraud.FraudJob;
import dev.eventide.pipelines.inventory.InventoryJob;
import dev.eventide.pipelines.join.JoinJob;
import dev.eventide.pipelines.sales.SalesJob;
import dev.eventide.pipelines.taxi.TaxiJob;
import dev.eventide.pipelines.telemetry.TelemetryJob;
import dev.eventide.pipelines.wordcount.WordCountJob;
import dev.eventide.testing.input.HostileLines;
import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.junit.TestRunner;
import dev.eventide.testing.metrics.Counters;
import dev.eventide.transforms.parse.ParseLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every job on files a user might throw at it (see {@link HostileLines}: extreme numbers and
 * dates, bytes that are not UTF-8, control characters, odd Unicode, lines of a megabyte, wrong
 * field counts, mixed line ends), on the DirectRunner and the FlinkRunner in batch mode. Each run
 * must finish DONE with every line accounted for: records + dead letters + blank lines = the lines
 * in the file, counted independently from its bytes, and every dead letter written.
 */
class HostileFilesRunTest {

  private static final int LINES = 1_500;

  /** One input of a job: its option, the parser that reads it (its counter name), valid lines. */
  record Input(String option, String parser, List<String> valid) {}

  private static final Input SALES =
      new Input("input", "sales", List.of("01-06-2018,June,Category5,Bat,12", "2018-06-01T10:15:30.250+02:00,June,Category1,Ball,-3"));

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void sales(TestPipeline pipeline, @TempDir Path dir) throws Exception {
    run(pipeline, dir, new SalesJob(), SALES);
  }

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void aggregates(TestPipeline pipeline, @TempDir Path dir) throws Exception {
    run(pipeline, dir, new AggregatesJob(), SALES);
  }

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void fraud(TestPipeline pipeline, @TempDir Path dir) throws Exception {
    run(
        pipeline,
        dir,
        new FraudJob(),
        new Input(
            "transactions",
            "cardTransactions",
            List.of(
                "HFXR347924,2018-06-14 23:32:23,Chandigarh,id_347hfx,hf98678167,123302773033,774",
                "MPJI184287,2018-06-14 23:33:40,Surat,id_347hfx,mp15440220,130020285280,940.50")),
        new Input("alarmedCustomers", "alarmedCustomers", List.of("id_347hfx,hf98678167")),
        new Input("lostCards", "lostCards", List.of("123302773033,2018-06-10 10:00:00,Wanda,lost")));
  }

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void inventory(TestPipeline pipeline, @TempDir Path dir) throws Exception {
    run(
        pipeline,
        dir,
        new InventoryJob(),
        new Input("transactions", "stockTransactions", List.of("apple,5,2018-06-01 10:15:00", "apple,-3,2018-06-01T10:15:01Z")),
        new Input("queries", "stockQueries", List.of("q17,apple,2018-06-01 10:16:00")));
  }

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void telemetry(TestPipeline pipeline, @TempDir Path dir) throws Exception {
    run(
        pipeline,
        dir,
        new TelemetryJob(),
        new Input("input", "readings", List.of("2018-06-01T00:00:01.250Z,sensor-3,21.5", "2018-06-01 00:00:02,sensor-1,-0.125e3")));
  }

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void taxi(TestPipeline pipeline, @TempDir Path dir) throws Exception {
    run(
        pipeline,
        dir,
        new TaxiJob(),
        new Input(
            "input",
            "cabRides",
            List.of("id_4214,PB7526,Sedan,Wanda,yes,Sector 19,Sector 10,5", "id_4214,PB7526,Sedan,Wanda,no,'null','null','null'")));
  }

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void wordcount(TestPipeline pipeline, @TempDir Path dir) throws Exception {
    run(pipeline, dir, new WordCountJob(), new Input("input", "words", List.of("Noman, noman;Joyce  Zoë\t(2018)", "O'Neil met Jean-Luc")));
  }

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void join(TestPipeline pipeline, @TempDir Path dir) throws Exception {
    run(
        pipeline,
        dir,
        new JoinJob(),
        new Input("left", "left", List.of("1,John", "2,Zoë")),
        new Input("right", "right", List.of("1,DC", "3,Delhi")));
  }

  private static <O extends PipelineOptions> void run(TestPipeline pipeline, Path dir, Job<O> job, Input... inputs)
      throws Exception {
    O options = pipeline.getOptions().as(job.optionsClass());
    long[] lines = new long[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      // A seed per job and input: different files everywhere, the same on every run.
      HostileLines.File file = new HostileLines((job.name() + inputs[i].option()).hashCode(), inputs[i].valid()).file(LINES);
      Path path = Files.write(dir.resolve(inputs[i].option() + ".txt"), file.bytes());
      lines[i] = HostileLines.countLines(file.bytes());
      assertThat(lines[i], equalTo(file.lines()));
      set(options, job.optionsClass(), inputs[i].option(), path.toString());
    }
    set(options, job.optionsClass(), "output", dir.resolve("out/" + job.name()).toString());
    job.build(pipeline, options);

    PipelineResult result = pipeline.run();
    assertThat(result.waitUntilFinish(), equalTo(PipelineResult.State.DONE));

    long deadLetters = 0;
    for (int i = 0; i < inputs.length; i++) {
      String namespace = "eventide.parse." + inputs[i].parser();
      long records = Counters.total(result, namespace, ParseLines.RECORDS);
      long dead = Counters.total(result, namespace, ParseLines.DEAD_LETTERS);
      long blank = Counters.total(result, namespace, ParseLines.BLANK_LINES);
      assertThat(inputs[i].option() + ": records + dead letters + blank lines", records + dead + blank, equalTo(lines[i]));
      // Both kinds, or the file did not test the parser.
      assertThat(inputs[i].option() + ": records", records, greaterThan(LINES / 10L));
      assertThat(inputs[i].option() + ": dead letters", dead, greaterThan(LINES / 10L));
      deadLetters += dead;
    }
    assertThat("dead letters written", (long) JobRuns.deadLetters(dir, job.name()).size(), equalTo(deadLetters));
  }

  private static void set(PipelineOptions options, Class<?> optionsClass, String option, String value) throws Exception {
    String setter = "set" + Character.toUpperCase(option.charAt(0)) + option.substring(1);
    optionsClass.getMethod(setter, String.class).invoke(options, value);
  }
}
