package dev.eventide.testing.scripts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a project's shell entry points ({@code scripts/<name>}) from a test, as a user would, and
 * hands back the exit status and everything printed. Output goes through a file, so a script that
 * never ends cannot block the test: it is killed after the time limit.
 */
public final class Scripts {

  /** What a script did: its exit status and its output (standard output and error together). */
  public record Result(int status, String output) {}

  private final Path root;
  private final Path logs;

  private Scripts(Path root, Path logs) {
    this.root = root;
    this.logs = logs;
  }

  /** The scripts of the project at {@code root}; their output is kept in {@code logs}. */
  public static Scripts of(Path root, Path logs) {
    return new Scripts(root, logs);
  }

  /** Runs {@code scripts/<name> args...} with no input, for at most five minutes. */
  public Result run(String name, String... args) throws IOException, InterruptedException {
    return runWithInput("", name, args);
  }

  /** Runs {@code scripts/<name> args...} with {@code input} on its standard input. */
  public Result runWithInput(String input, String name, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", root.resolve("scripts").resolve(name).toString()));
    command.addAll(List.of(args));
    Files.createDirectories(logs);
    Path in = Files.createTempFile(logs, "script-", ".in");
    Files.writeString(in, input, StandardCharsets.UTF_8);
    Path log = Files.createTempFile(logs, "script-", ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectInput(in.toFile())
            .redirectOutput(log.toFile())
            .start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    System.out.println("$ " + String.join(" ", command) + "\n" + output);
    return new Result(process.exitValue(), output);
  }
}
