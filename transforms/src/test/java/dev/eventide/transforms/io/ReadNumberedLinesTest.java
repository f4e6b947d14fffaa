package dev.eventide.transforms.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.junit.TestRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadNumberedLinesTest {

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void eachLineWithItsFileAndNumberWhateverItsLineEnd(TestPipeline pipeline, @TempDir Path dir) throws IOException {
    Files.write(dir.resolve("a.txt"), "Noman\r\nJoyce\r\n\r\nSayuri".getBytes(StandardCharsets.UTF_8));
    Files.write(dir.resolve("b.txt"), "Zoë\nJo\u00ffce\n".getBytes(StandardCharsets.ISO_8859_1));
    var lines =
        pipeline
            .apply(ReadNumberedLines.from(dir.resolve("*.txt").toString()))
            .apply(
                MapElements.into(TypeDescriptors.strings())
                    .via(l -> Path.of(l.source()).getFileName() + ":" + l.number() + ":" + l.text()));
    // b.txt is Latin-1: its non-ASCII bytes are not UTF-8 and read as U+FFFD.
    PAssert.that(lines)
        .containsInAnyOrder("a.txt:1:Noman", "a.txt:2:Joyce", "a.txt:3:", "a.txt:4:Sayuri", "b.txt:1:Zo\uFFFD", "b.txt:2:Jo\uFFFDce");
    pipeline.run();
  }

  @Test
  void aPatternThatMatchesNoFileIsRejectedWhenThePipelineIsBuilt(@TempDir Path dir) {
    Pipeline pipeline = Pipeline.create();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> pipeline.apply(ReadNumberedLines.from(dir.resolve("none-*.txt").toString())));
    assertThat(e.getMessage(), containsString("No file matches"));
  }
}
