package dev.eventide.pipelines.tools;

import java.io.PrintStream;
import java.util.Arrays;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** A command-line tool's options: its {@code --help}, its options parsed, or a one-line error. */
final class ToolOptions {

  private ToolOptions() {}

  /** The options, or none with the exit status when the tool is done (help shown, or options rejected). */
  record Parsed<O>(O options, int status) {
    boolean done() {
      return options == null;
    }
  }

  /**
   * Prints {@code summary} and the options for {@code --help} (status 0); prints {@code <tool>:
   * <reason>} for invalid options (status 2); else parses them.
   */
  static <O extends PipelineOptions> Parsed<O> parse(
      Class<O> type, String tool, String summary, String[] args, PrintStream out, PrintStream err) {
    PipelineOptionsFactory.register(type);
    if (Arrays.asList(args).contains("--help")) {
      out.println(summary + " Options:");
      PipelineOptionsFactory.printHelp(out, type);
      return new Parsed<>(null, 0);
    }
    try {
      return new Parsed<>(PipelineOptionsFactory.fromArgs(args).withValidation().as(type), 0);
    } catch (IllegalArgumentException e) {
      err.println(tool + ": " + e.getMessage());
      return new Parsed<>(null, 2);
    }
  }
}
