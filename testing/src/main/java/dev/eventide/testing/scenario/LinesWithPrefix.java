package dev.eventide.testing.scenario;

import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * One input of a job with several, out of one timeline: the lines that start with a prefix, with
 * the prefix taken off. A scenario of a job that reads transactions and queries is then one
 * timeline, {@code tx apple,5,{t}} and {@code q q1,apple,{t}}, so their relative order in event
 * and arrival time is written down in one place.
 */
public final class LinesWithPrefix extends PTransform<PCollection<String>, PCollection<String>> {

  private final String prefix;

  private LinesWithPrefix(String prefix) {
    this.prefix = prefix;
  }

  /** The lines starting with {@code prefix} (e.g. {@code "tx "}), without it. */
  public static LinesWithPrefix of(String prefix) {
    return new LinesWithPrefix(prefix);
  }

  @Override
  public PCollection<String> expand(PCollection<String> lines) {
    String p = prefix;
    return lines
        .apply("Only", Filter.by(line -> line.startsWith(p)))
        .apply("Strip", MapElements.into(TypeDescriptors.strings()).via(line -> line.substring(p.length())));
  }
}
