package dev.eventide.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.eventide.pipelines.tools.GenerateSalesFile;
import dev.eventide.pipelines.tools.GenerateSampleFiles;
import java.beans.Introspector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @ParameterizedTest
  @ValueSource(strings = {"sales", "inventory", "fraud", "telemetry", "taxi", "wordcount", "join", "aggregates", "sql"})
  void helpDescribesEveryOptionOfTheJobWithItsDefault(String job) {
    assertThat(run(job, "--help"), equalTo(0));
    String help = text(out);
    for (Method getter : Launcher.JOBS.get(job).optionsClass().getMethods()) {
      if (getter.getDeclaringClass().getName().startsWith("dev.eventide") && getter.getName().startsWith("get")) {
        String option = "--" + Introspector.decapitalize(getter.getName().substring(3)) + "=";
        assertThat(option + " is listed", help, containsString(option));
        assertThat(option + " is described", getter.getAnnotation(Description.class) != null, equalTo(true));
        boolean hasDefault =
            List.of(getter.getAnnotations()).stream()
                .anyMatch(a -> a.annotationType().getEnclosingClass() == Default.class);
        // Absent, these say what is not there: no files, no topic, no drill. A default that
        // depends on the job, or what absent means, is said in the description (see JobOptions).
        boolean absentMeansSomething = ABSENT_MEANS_SOMETHING.contains(option);
        String description = getter.getAnnotation(Description.class).value();
        boolean describedDefault = description.contains("Default: ") || description.contains("Absent: ");
        assertThat(option + " has a default", hasDefault || absentMeansSomething || describedDefault, equalTo(true));
      }
    }
  }

  @Test
  void theSalesHelpShowsItsDefaults() {
    assertThat(run("sales", "--help"), equalTo(0));
    String help = text(out);
    assertThat(help, containsString("Default: month"));
    assertThat(help, containsString("Default: global with --input,"));
  }

  @Test
  void everyJobIsListed() {
    assertThat(run("--help"), equalTo(0));
    for (String job : List.of("sales", "inventory", "fraud", "telemetry", "taxi", "wordcount", "join", "aggregates")) {
      assertThat(text(out), containsString("  " + job + " "));
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "taxi --generatorRatePerSecond=10|taxi: the taxi statistics are over all rides, so they need a bounded input",
        "join --left=persons.txt|join: a join needs both --left and --right",
        "join --inputTopic=persons|join: a join has two inputs: give --leftTopic and --rightTopic, not --inputTopic",
        "join --kind=outer|join: Invalid --kind 'outer': accepted are inner, left, right, full",
        "aggregates --keyBy=day|aggregates: Invalid key 'day': accepted are month, product, category",
        "wordcount --trigger=afterCount(2)|Unsafe trigger 'AfterPane.elementCountAtLeast(2)' may lose data"
      })
  void invalidOptionsOfTheBatchJobsAreRejectedBeforeTheyRun(String commandLine, String message) {
    assertThat(run(commandLine.split(" ")), equalTo(2));
    assertThat(text(err), containsString(message));
    assertThat(text(err), not(containsString("\tat ")));
  }

  @Test
  void helpForAnOptionsInterfaceByNameListsItsOptions() {
    assertThat(run("sales", "--help=org.apache.beam.runners.flink.FlinkPipelineOptions"), equalTo(0));
    assertThat(text(out), containsString("--flinkMaster="));
  }

  @Test
  void anUnknownJobShowsTheJobsThereAre() {
    assertThat(run("no-such-job"), equalTo(2));
    assertThat(text(err), containsString("Unknown job 'no-such-job'"));
    assertThat(text(out), containsString("sales"));
  }

  @Test
  void anInvalidOptionIsRejectedWithWhatIsAcceptedAndNoStackTrace() {
    assertThat(run("sales", "--window=tumbling:2s"), equalTo(2));
    assertThat(
        text(err),
        containsString("sales: Invalid window 'tumbling:2s': unknown window kind 'tumbling'. Accepted: fixed:<size>"));
    assertThat(text(err), not(containsString("\tat ")));
  }

  @Test
  void aTriggerThatCouldLoseDataIsRejectedBeforeTheJobRuns() {
    // A trigger that finishes closes its window: Beam refuses it rather than drop later data.
    assertThat(run("sales", "--trigger=afterCount(2)"), equalTo(2));
    assertThat(text(err), containsString("Unsafe trigger 'AfterPane.elementCountAtLeast(2)' may lose data"));
  }

  @Test
  void anInputPatternThatMatchesNoFileIsRejectedBeforeTheJobRuns(@TempDir Path dir) {
    String pattern = dir.resolve("missing-*.csv").toString();
    assertThat(run("sales", "--input=" + pattern), equalTo(2));
    assertThat(text(err), containsString("sales: No file matches '" + pattern + "'"));
  }

  @Test
  void aFileRunWithTheDefaultsSumsProfitPerMonthOverAllTime(@TempDir Path dir) throws IOException {
    Path input = dir.resolve("sales.csv");
    Files.write(
        input,
        List.of(
            "01-06-2018,June,Category5,Bat,12",
            "13-07-2018,July,Category1,Television,50",
            "",
            "24-06-2018, June ,Category4,Shirt,38",
            "02-08-2018,August,Category2,Watch,-5",
            "not a sale",
            "2018-07-01T10:15:30.250Z,July,Category1,Phone,7"));
    String output = dir.resolve("out/sales").toString();
    assertThat(run("sales", "--input=" + input, "--output=" + output), equalTo(0));

    assertThat(
        Files.readAllLines(dir.resolve("out/sales-00000-of-00001.jsonl")),
        containsInAnyOrder(
            globalResult("June", 50, 2), globalResult("July", 57, 2), globalResult("August", -5, 1)));
    assertThat(
        Files.readAllLines(dir.resolve("out/sales-dead-letter-00000-of-00001.jsonl")),
        containsInAnyOrder(
            "{\"input\":\"not a sale\",\"error\":\"expected 5 fields (date,month,category,product,profit) but found 1\"}"));
  }

  @Test
  void theSampleFileToolWritesTheGeneratorsLines(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("sub/sales.csv");
    assertThat(
        GenerateSalesFile.run(
            new String[] {"--file=" + file, "--generatorRecords=250", "--generatorMalformedFraction=0.1"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8)),
        equalTo(0));
    assertThat(Files.readAllLines(file).size(), equalTo(250));
    assertThat(text(out), containsString("Wrote 250 sales lines ("));
    assertThat(text(err), emptyString());
  }

  @Test
  void theSamplesToolWritesEveryFormatOfTheSummary(@TempDir Path dir) throws IOException {
    assertThat(
        GenerateSampleFiles.run(
            new String[] {"--dir=" + dir.resolve("samples"), "--generatorRecords=40", "--generatorMalformedFraction=0"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8)),
        equalTo(0));
    Path samples = dir.resolve("samples");
    assertThat(Files.readAllLines(samples.resolve("cab_rides.txt")).size(), equalTo(40));
    assertThat(Files.readAllLines(samples.resolve("wc.txt")).size(), equalTo(40));
    assertThat(Files.readAllLines(samples.resolve("persons.txt")).size(), equalTo(12));
    assertThat(Files.readAllLines(samples.resolve("locations.txt")).size(), equalTo(12));
    List<String> sales = Files.readAllLines(samples.resolve("avg.txt"));
    assertThat(sales.size(), equalTo(40));
    // The summary's avg.txt format: the date as dd-MM-yyyy.
    for (String sale : sales) {
      assertThat(sale, org.hamcrest.Matchers.matchesPattern("\\d\\d-\\d\\d-2018,[A-Z][a-z]+,Category\\d,\\w+,-?\\d+"));
    }
    assertThat(text(err), emptyString());
  }

  private static final List<String> ABSENT_MEANS_SOMETHING =
      List.of(
          "--input=", "--output=", "--inputTopic=", "--outputTopic=", "--failOnceAt=", "--left=", "--right=",
          "--leftTopic=", "--rightTopic=", "--transactions=", "--queries=");

  private static String globalResult(String month, long profit, long count) {
    return "{\"key\":\"" + month + "\",\"windowStart\":null,\"windowEnd\":null,\"pane\":\"ON_TIME\","
        + "\"paneIndex\":0,\"profit\":" + profit + ",\"count\":" + count + "}";
  }

  private int run(String... args) {
    return Launcher.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static String text(ByteArrayOutputStream stream) {
    return stream.toString(StandardCharsets.UTF_8);
  }
}
