package dev.eventide.pipelines.tools;

import dev.eventide.pipelines.GeneratorOptions;
import dev.eventide.transforms.io.CabRideGenerator;
import dev.eventide.transforms.io.IdValueGenerator;
import dev.eventide.transforms.io.SaleGenerator;
import dev.eventide.transforms.io.WordGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongFunction;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * Writes sample files in the formats of the summary's example jobs, from Eventide's deterministic
 * generators: {@code cab_rides.txt}, {@code wc.txt}, {@code persons.txt}, {@code locations.txt} and
 * {@code avg.txt}, each with a fraction of malformed lines. {@code scripts/generate-samples.sh
 * --dir=work/samples}.
 */
public final class GenerateSampleFiles {

  /** Options: the generator's, where to write, and the sizes of the join files. */
  public interface Options extends GeneratorOptions {
    @Description("The folder to write the files to (created).")
    @Default.String("samples")
    String getDir();

    void setDir(String value);

    @Description("Lines of each of persons.txt and locations.txt (the others have --generatorRecords).")
    @Default.Integer(12)
    int getJoinRecords();

    void setJoinRecords(int value);

    @Description("The join files' ids run from 1 to this.")
    @Default.Integer(10)
    int getJoinIds();

    void setJoinIds(int value);
  }

  private GenerateSampleFiles() {}

  public static void main(String[] args) throws IOException {
    System.exit(run(args, System.out, System.err));
  }

  /** Writes the files; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
    ToolOptions.Parsed<Options> parsed =
        ToolOptions.parse(Options.class, "generate-samples", "Writes sample files in the summary's formats.", args, out, err);
    if (parsed.done()) {
      return parsed.status();
    }
    Options options = parsed.options();
    long seed = options.getGeneratorSeed();
    double malformed = options.getGeneratorMalformedFraction();
    long records = options.getGeneratorRecords();
    Path dir = Path.of(options.getDir()).toAbsolutePath();
    Files.createDirectories(dir);
    CabRideGenerator rides = new CabRideGenerator(seed, 20, malformed);
    WordGenerator words = new WordGenerator(seed, GeneratorOptions.GENERATOR_START, 100, malformed);
    IdValueGenerator persons =
        IdValueGenerator.persons(seed, options.getJoinIds(), GeneratorOptions.GENERATOR_START, 100, malformed);
    IdValueGenerator locations =
        IdValueGenerator.locations(seed + 1, options.getJoinIds(), GeneratorOptions.GENERATOR_START, 100, malformed);
    // Sales about two hours apart from 2018-06-01: a thousand of them span June to August.
    SaleGenerator sales =
        new SaleGenerator(seed, GeneratorOptions.GENERATOR_START, 7_800_000, 0, 0, 0, malformed);
    write(dir.resolve("cab_rides.txt"), records, rides::line, out);
    write(dir.resolve("wc.txt"), records, words::line, out);
    write(dir.resolve("persons.txt"), options.getJoinRecords(), persons::line, out);
    write(dir.resolve("locations.txt"), options.getJoinRecords(), locations::line, out);
    write(dir.resolve("avg.txt"), records, sales::dayLine, out);
    return 0;
  }

  private static void write(Path file, long count, LongFunction<String> line, PrintStream out) throws IOException {
    try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (long i = 0; i < count; i++) {
        writer.write(line.apply(i));
        writer.write('\n');
      }
    }
    out.printf("Wrote %d lines to %s%n", count, file);
  }
}
