package dev.eventide.pipelines.tools;

import dev.eventide.pipelines.sales.SalesGeneratorOptions;
import dev.eventide.transforms.io.SaleGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * Writes a sample file of sales lines in the summary's format, in arrival order, from the same
 * deterministic generator the sales job uses: {@code scripts/generate-sales.sh --file=sales.csv
 * --generatorRecords=5000 --generatorMaxDisorder=2s --generatorMalformedFraction=0.05}.
 */
public final class GenerateSalesFile {

  /** Options: the generator's, and the file to write. */
  public interface Options extends SalesGeneratorOptions {
    @Description("The file to write (its folder is created).")
    @Default.String("sales-sample.csv")
    String getFile();

    void setFile(String value);
  }

  private GenerateSalesFile() {}

  public static void main(String[] args) throws IOException {
    System.exit(run(args, System.out, System.err));
  }

  /** Writes the file; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
    ToolOptions.Parsed<Options> parsed =
        ToolOptions.parse(Options.class, "generate-sales", "Writes generated sales lines to a file.", args, out, err);
    if (parsed.done()) {
      return parsed.status();
    }
    Options options = parsed.options();
    SaleGenerator generator;
    try {
      generator = SalesGeneratorOptions.generator(options);
    } catch (IllegalArgumentException e) {
      err.println("generate-sales: " + e.getMessage());
      return 2;
    }
    Path file = Path.of(options.getFile()).toAbsolutePath();
    Files.createDirectories(file.getParent());
    long malformed = 0;
    try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (long i = 0; i < options.getGeneratorRecords(); i++) {
        if (generator.sale(i).isEmpty()) {
          malformed++;
        }
        writer.write(generator.line(i));
        writer.newLine();
      }
    }
    out.printf(
        "Wrote %d sales lines (%d malformed) to %s%n", options.getGeneratorRecords(), malformed, file);
    return 0;
  }
}
