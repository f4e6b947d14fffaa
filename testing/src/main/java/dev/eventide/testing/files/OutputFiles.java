package dev.eventide.testing.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What a pipeline wrote to files: the lines of all the shards and panes of one output. */
public final class OutputFiles {

  private OutputFiles() {}

  /**
   * The lines of every file in {@code folder} whose name starts with {@code prefix}, in no
   * particular order; none when the folder does not exist (yet).
   */
  public static List<String> lines(Path folder, String prefix) throws IOException {
    List<String> lines = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      return lines;
    }
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList()) {
        lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
      }
    }
    return lines;
  }
}
