package dev.eventide.pipelines.sales;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventide.testing.figures.TimelineFigure;
import dev.eventide.testing.figures.TracedTimeline;
import dev.eventide.testing.matchers.PaneRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The figures of {@code docs/figures/concepts} are what the sales scenarios give: each scenario of
 * {@link SalesScenario} runs once more on the DirectRunner, traced ({@link TracedTimeline}), its
 * results must again be exactly the ones the scenario asserts, and the figure drawn from the trace
 * must equal the committed file. {@code scripts/figures.sh} (this test with {@code
 * -Dfigures.update=true}) writes the files instead of comparing them.
 */
class ConceptFiguresTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final boolean UPDATE = Boolean.getBoolean("figures.update");

  private static Path figures;

  @BeforeAll
  static void findTheFigures() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no docs/ folder above " + Path.of("").toAbsolutePath());
    }
    figures = dir.resolve("docs/figures/concepts");
  }

  static Stream<SalesScenario> scenarios() {
    return SalesScenario.ALL.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void theFigureIsWhatTheScenarioGives(SalesScenario scenario) throws IOException {
    String svg = draw(scenario);
    Path file = figures.resolve(scenario.figure() + ".svg");
    if (UPDATE) {
      Files.createDirectories(figures);
      Files.writeString(file, svg, StandardCharsets.UTF_8);
      return;
    }
    assertThat(
        file + " is missing: run scripts/figures.sh", Files.isRegularFile(file), equalTo(true));
    assertThat(
        file + " is not what the scenario gives now: run scripts/figures.sh and look at the change",
        Files.readString(file, StandardCharsets.UTF_8),
        equalTo(svg));
  }

  @Test
  void everyConceptFigureBelongsToAScenario() throws IOException {
    List<String> names = SalesScenario.ALL.stream().map(s -> s.figure() + ".svg").toList();
    List<String> strays = new ArrayList<>();
    if (Files.isDirectory(figures)) {
      try (Stream<Path> files = Files.list(figures)) {
        files.map(f -> f.getFileName().toString()).filter(f -> !names.contains(f)).forEach(strays::add);
      }
    }
    assertThat("figures no scenario draws", strays, empty());
  }

  /** The control: a trace is tied to its run, so a scenario with other options draws another figure. */
  @Test
  void anotherTriggerDrawsAnotherFigure() {
    SalesScenario early = SalesScenario.EARLY_FIRINGS;
    SalesScenario discarding = SalesScenario.DISCARDING_EARLY_FIRINGS;
    assertThat(early.timeline(), equalTo(discarding.timeline()));
    String a = draw(early).replace(early.title(), "").replace(String.join(" ", early.args()), "");
    String b = draw(discarding).replace(discarding.title(), "").replace(String.join(" ", discarding.args()), "");
    assertThat(a.equals(b), equalTo(false));
  }

  /** Runs the scenario traced on the DirectRunner, checks its results again, and draws it. */
  private static String draw(SalesScenario scenario) {
    PipelineOptions options = PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create();
    Pipeline pipeline = Pipeline.create(options);
    TracedTimeline trace = TracedTimeline.of(SalesScenario.T.parse(scenario.timeline()));
    SalesOptions salesOptions =
        PipelineOptionsFactory.fromArgs(scenario.args().toArray(String[]::new)).as(SalesOptions.class);
    PCollectionTuple out = pipeline.apply(trace.source()).apply(SalesJob.profitPerKey(salesOptions));
    List<PaneRecord> panes = new ArrayList<>();
    List<String> lateRecords = new ArrayList<>();
    trace.panes(
        out.get(SalesJob.RESULTS)
            .apply("ResultAsPane", MapElements.into(TypeDescriptor.of(PaneRecord.class)).via(ConceptFiguresTest::pane))
            .setCoder(SerializableCoder.of(PaneRecord.class)));
    int field = keyField(scenario);
    trace.routed(out.get(SalesJob.LATE_RECORDS), line -> routed(line, field));
    pipeline.run().waitUntilFinish();
    List<TracedTimeline.Moment> moments = trace.moments();
    moments.forEach(m -> panes.addAll(m.panes()));
    moments.forEach(m -> m.routed().forEach(r -> lateRecords.add(r.label())));

    assertThat(
        "the traced run's panes",
        panes,
        containsInAnyOrder(scenario.results().stream().map(ConceptFiguresTest::pane).toArray()));
    if (scenario.lateRecords() != null) {
      assertThat(
          "the traced run's late records",
          lateRecords,
          containsInAnyOrder(scenario.lateRecords().stream().map(l -> routed(l, keyField(scenario)).label()).toArray()));
    }
    return TimelineFigure.titled(
            scenario.title(),
            "scripts/run.sh sales " + String.join(" ", scenario.args()),
            "Drawn from a traced DirectRunner run of SalesScenario." + constantName(scenario)
                + ", which SalesScenariosTest asserts on the DirectRunner and the FlinkRunner.",
            line -> saleLabel(line, field))
        .svg(trace.timeline(), moments);
  }

  /** A result line as a pane: its window and timing from the line, its value as a short label. */
  private static PaneRecord pane(String line) {
    JsonNode n = read(line);
    PaneInfo.Timing timing = PaneInfo.Timing.valueOf(n.get("pane").asText());
    return new PaneRecord(
        paneLabel(line),
        n.get("windowStart").isNull() ? null : Instant.parse(n.get("windowStart").asText()),
        n.get("windowEnd").isNull() ? null : Instant.parse(n.get("windowEnd").asText()),
        timing,
        n.get("paneIndex").asLong(),
        false,
        false);
  }

  /** The label a result line's pane gets: key, profit and how many sales it sums. */
  private static String paneLabel(String line) {
    JsonNode n = read(line);
    long count = n.get("count").asLong();
    return n.get("key").asText() + ": " + n.get("profit").asLong() + " (" + count + (count == 1 ? " sale)" : " sales)");
  }

  private static TracedTimeline.Routed routed(String lateLine, int keyField) {
    JsonNode n = read(lateLine);
    return new TracedTimeline.Routed(
        Instant.parse(n.get("eventTime").asText()),
        "to the late output: " + saleLabel(n.get("record").asText(), keyField) + ", window closed at "
            + seconds(n.get("windowClosedAt").asText()));
  }

  private static String seconds(String iso) {
    return TimelineFigure.seconds(Instant.parse(iso).getMillis() - SalesScenario.T.start().getMillis());
  }

  /** A sale line as the figure labels it: its key and profit, e.g. {@code June 10}. */
  private static String saleLabel(String line, int keyField) {
    String[] f = line.split(",", -1);
    return f.length < 5 ? line : f[keyField] + " " + f[4];
  }

  /** The field of a sale line the scenario keys by (month unless {@code --keyBy} says otherwise). */
  private static int keyField(SalesScenario scenario) {
    String keyBy =
        scenario.args().stream().filter(a -> a.startsWith("--keyBy=")).map(a -> a.substring(8)).findFirst().orElse("month");
    return switch (keyBy) {
      case "category" -> 2;
      case "product" -> 3;
      default -> 1;
    };
  }

  private static String constantName(SalesScenario scenario) {
    for (Field f : SalesScenario.class.getDeclaredFields()) {
      try {
        if (Modifier.isStatic(f.getModifiers()) && f.get(null) == scenario) {
          return f.getName();
        }
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("not a constant of SalesScenario: " + scenario.figure());
  }

  private static JsonNode read(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
