package dev.eventide.transforms.io;

import java.io.IOException;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * The lines of the files a pattern matches. A pattern that matches no file is rejected while the
 * pipeline is built, with the pattern in the message, rather than failing the job once it runs.
 */
public final class ReadLines extends PTransform<PBegin, PCollection<String>> {

  private final String pattern;

  private ReadLines(String pattern) {
    this.pattern = pattern;
  }

  public static ReadLines from(String pattern) {
    return new ReadLines(pattern);
  }

  @Override
  public PCollection<String> expand(PBegin begin) {
    requireMatch(pattern);
    return begin.apply("Read " + pattern, TextIO.read().from(pattern));
  }

  /** Rejects a pattern that matches no file, with the pattern in the message. */
  static void requireMatch(String pattern) {
    boolean noFile;
    try {
      noFile = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW).metadata().isEmpty();
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read '" + pattern + "': " + e.getMessage(), e);
    }
    if (noFile) {
      throw new IllegalArgumentException("No file matches '" + pattern + "'");
    }
  }
}
