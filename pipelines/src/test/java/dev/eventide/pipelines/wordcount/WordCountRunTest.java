package dev.eventide.pipelines.wordcount;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;

import dev.eventide.pipelines.JobRuns;
import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.junit.TestRunner;
import dev.eventide.transforms.io.WordGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.beam.sdk.testing.TestPipeline;
import org.joda.time.Instant;
import org.junit.jupiter.api.io.TempDir;

/**
 * The word-count job over files, on the DirectRunner and the FlinkRunner in batch mode: a small
 * file in the summary's format (a name per line, CR LF) worked out by hand, and generated lines
 * checked against an independent count.
 */
class WordCountRunTest {

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void theSummarysFormatByHand(TestPipeline pipeline, @TempDir Path dir) throws IOException {
    Path input =
        JobRuns.writeCrlf(
            dir.resolve("wc.txt"),
            "Noman", "Joyce", "Noman", "", "Nipun", "noman", "Noman, Joyce", "---", "Jo\u0007yce", "Nipun");
    run(pipeline, dir, input, "");
    assertThat(
        JobRuns.results(dir, "wordcount"),
        containsInAnyOrder(
            "{\"word\":\"Noman\",\"count\":3}",
            "{\"word\":\"Joyce\",\"count\":2}",
            "{\"word\":\"Nipun\",\"count\":2}",
            "{\"word\":\"noman\",\"count\":1}"));
    assertThat(
        JobRuns.deadLetters(dir, "wordcount"),
        containsInAnyOrder(JobRuns.deadLetter("Jo\u0007yce", "control character U+0007 at character 3")));
  }

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void generatedLinesMatchAnIndependentCount(TestPipeline pipeline, @TempDir Path dir) throws IOException {
    checkGenerated(pipeline, dir, "");
  }

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void onlyWordsStartingWithAPrefixAsTheSummarysJobKeepsNamesStartingWithN(TestPipeline pipeline, @TempDir Path dir)
      throws IOException {
    checkGenerated(pipeline, dir, "N");
  }

  private static void checkGenerated(TestPipeline pipeline, Path dir, String prefix) throws IOException {
    WordGenerator generator = new WordGenerator(9, Instant.parse("2018-06-01T00:00:00Z"), 100, 0.02);
    int records = 3000;
    run(pipeline, dir, JobRuns.writeLines(dir.resolve("words.txt"), generator, records), prefix);

    Map<String, Long> counts = new TreeMap<>();
    List<String> malformed = new ArrayList<>();
    for (long i = 0; i < records; i++) {
      Optional<List<String>> words = generator.words(i);
      if (words.isEmpty()) {
        malformed.add(generator.line(i));
        continue;
      }
      words.get().stream().filter(w -> w.startsWith(prefix)).forEach(w -> counts.merge(w, 1L, Long::sum));
    }
    List<String> expected = new ArrayList<>();
    counts.forEach((word, count) -> expected.add("{\"word\":\"" + word.replace("\"", "\\\"") + "\",\"count\":" + count + "}"));
    assertThat(JobRuns.results(dir, "wordcount"), containsInAnyOrder(expected.toArray()));
    assertThat(JobRuns.deadLetterInputs(dir, "wordcount"), containsInAnyOrder(malformed.toArray()));
  }

  private static void run(TestPipeline pipeline, Path dir, Path input, String prefix) {
    WordCountOptions options = pipeline.getOptions().as(WordCountOptions.class);
    options.setInput(input.toString());
    options.setWordsStartingWith(prefix);
    options.setOutput(dir.resolve("out/wordcount").toString());
    new WordCountJob().build(pipeline, options);
    pipeline.run().waitUntilFinish();
  }
}
