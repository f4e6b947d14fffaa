package dev.eventide.pipelines.join;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;

import dev.eventide.pipelines.JobRuns;
import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.junit.TestRunner;
import dev.eventide.transforms.io.IdValueGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Instant;
import org.junit.jupiter.api.io.TempDir;

/**
 * The join job over files, on the DirectRunner and the FlinkRunner in batch mode: persons and
 * locations in the summary's format worked out by hand, and generated sides (ids on one side only,
 * ids several times) checked against an independent nested-loop join.
 */
class JoinRunTest {

  private static final String[] PERSONS = {"1,John", "2,Albert", "3,Lui", "4,Smith", "5,Robert", "6"};
  private static final String[] LOCATIONS = {"1,DC", "2,NY", "4,LA", "6,LU", "7,DL", "8,NH", ",SF"};

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void aLeftJoinByHand(TestPipeline pipeline, @TempDir Path dir) throws IOException {
    run(pipeline, dir, "left");
    assertThat(
        JobRuns.results(dir, "join"),
        containsInAnyOrder(
            row("1", "John", "DC"), row("2", "Albert", "NY"), row("3", "Lui", null), row("4", "Smith", "LA"),
            row("5", "Robert", null)));
    assertThat(
        JobRuns.deadLetters(dir, "join"),
        containsInAnyOrder(
            JobRuns.deadLetter("6", "left: expected 2 fields (id,value) but found 1"),
            JobRuns.deadLetter(",SF", "right: empty id")));
  }

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void aFullJoinByHand(TestPipeline pipeline, @TempDir Path dir) throws IOException {
    run(pipeline, dir, "full");
    assertThat(
        JobRuns.results(dir, "join"),
        containsInAnyOrder(
            row("1", "John", "DC"), row("2", "Albert", "NY"), row("3", "Lui", null), row("4", "Smith", "LA"),
            row("5", "Robert", null), row("6", null, "LU"), row("7", null, "DL"), row("8", null, "NH")));
  }

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void generatedSidesMatchAnIndependentJoin(TestPipeline pipeline, @TempDir Path dir) throws IOException {
    Instant start = Instant.parse("2018-06-01T00:00:00Z");
    IdValueGenerator persons = IdValueGenerator.persons(3, 40, start, 100, 0.05);
    IdValueGenerator locations = IdValueGenerator.locations(4, 40, start, 100, 0.05);
    int records = 60;
    JoinOptions options = pipeline.getOptions().as(JoinOptions.class);
    options.setLeft(JobRuns.writeLines(dir.resolve("persons.txt"), persons, records).toString());
    options.setRight(JobRuns.writeLines(dir.resolve("locations.txt"), locations, records).toString());
    options.setKind("full");
    options.setOutput(dir.resolve("out/join").toString());
    new JoinJob().build(pipeline, options);
    pipeline.run().waitUntilFinish();

    Map<String, List<String>> left = byId(persons, records);
    Map<String, List<String>> right = byId(locations, records);
    List<String> expected = new ArrayList<>();
    for (String id : new TreeSet<>(union(left, right))) {
      List<String> ls = left.getOrDefault(id, nullOnly());
      List<String> rs = right.getOrDefault(id, nullOnly());
      for (String l : ls) {
        for (String r : rs) {
          expected.add(row(id, l, r));
        }
      }
    }
    assertThat(JobRuns.results(dir, "join"), containsInAnyOrder(expected.toArray()));
  }

  private static void run(TestPipeline pipeline, Path dir, String kind) throws IOException {
    JoinOptions options = pipeline.getOptions().as(JoinOptions.class);
    options.setLeft(JobRuns.writeCrlf(dir.resolve("persons.txt"), PERSONS).toString());
    options.setRight(JobRuns.writeCrlf(dir.resolve("locations.txt"), LOCATIONS).toString());
    options.setKind(kind);
    options.setOutput(dir.resolve("out/join").toString());
    new JoinJob().build(pipeline, options);
    pipeline.run().waitUntilFinish();
  }

  private static Map<String, List<String>> byId(IdValueGenerator generator, int records) {
    Map<String, List<String>> values = new TreeMap<>();
    for (long i = 0; i < records; i++) {
      Optional<KV<String, String>> record = generator.record(i);
      record.ifPresent(r -> values.computeIfAbsent(r.getKey(), k -> new ArrayList<>()).add(r.getValue()));
    }
    return values;
  }

  private static TreeSet<String> union(Map<String, ?> a, Map<String, ?> b) {
    TreeSet<String> ids = new TreeSet<>(a.keySet());
    ids.addAll(b.keySet());
    return ids;
  }

  private static List<String> nullOnly() {
    List<String> none = new ArrayList<>();
    none.add(null);
    return none;
  }

  static String row(String id, String left, String right) {
    return "{\"id\":\"" + id + "\",\"left\":" + quoted(left) + ",\"right\":" + quoted(right) + "}";
  }

  private static String quoted(String text) {
    return text == null ? "null" : "\"" + text + "\"";
  }
}
