package dev.eventide.pipelines;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventide.testing.files.OutputFiles;
import dev.eventide.transforms.io.LineGenerator;
import dev.eventide.transforms.model.DeadLetter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the file-run tests of the jobs share: writing inputs and reading a job's outputs. */
public final class JobRuns {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JobRuns() {}

  /** Writes lines ended by CR LF, as the summary's files are. */
  public static Path writeCrlf(Path file, String... lines) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\r\n", lines) + "\r\n", StandardCharsets.UTF_8);
    return file;
  }

  /** Writes the first {@code count} lines of a generator. */
  public static Path writeLines(Path file, LineGenerator generator, long count) throws IOException {
    Files.createDirectories(file.getParent());
    try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (long i = 0; i < count; i++) {
        writer.write(generator.line(i));
        writer.write('\n');
      }
    }
    return file;
  }

  /** The result lines a job wrote to {@code <dir>/out/<name>-...}. */
  public static List<String> results(Path dir, String name) throws IOException {
    return OutputFiles.lines(dir.resolve("out"), name + "-0");
  }

  /** The dead-letter lines a job wrote to {@code <dir>/out/<name>-dead-letter-...}. */
  public static List<String> deadLetters(Path dir, String name) throws IOException {
    return OutputFiles.lines(dir.resolve("out"), name + "-dead-letter-");
  }

  /** The input text of each dead letter. */
  public static List<String> deadLetterInputs(Path dir, String name) throws IOException {
    return deadLetters(dir, name).stream().map(JobRuns::inputOf).toList();
  }

  public static String deadLetter(String input, String error) {
    return new DeadLetter(input, error).toJson();
  }

  private static String inputOf(String deadLetterJson) {
    try {
      return JSON.readTree(deadLetterJson).get("input").asText();
    } catch (IOException e) {
      throw new UncheckedIOException("not a dead-letter line: " + deadLetterJson, e);
    }
  }
}
