package dev.eventide.transforms.aggregate;

import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * The number of times each word occurs, per window and pane of its input: words in, {@code
 * KV<word, count>} out. Words compare exactly (case kept). With a prefix, only words
 * that start with it count (the summary's word count keeps names starting with "N").
 */
public final class CountWords extends PTransform<PCollection<String>, PCollection<KV<String, Long>>> {

  private final String prefix;

  private CountWords(String prefix) {
    this.prefix = prefix;
  }

  /** Every word. */
  public static CountWords all() {
    return new CountWords("");
  }

  /** Words that start with {@code prefix} (all words when it is empty). */
  public static CountWords startingWith(String prefix) {
    return new CountWords(prefix == null ? "" : prefix);
  }

  @Override
  public PCollection<KV<String, Long>> expand(PCollection<String> words) {
    if (!prefix.isEmpty()) {
      String start = prefix;
      words = words.apply("StartingWith " + prefix, Filter.by((String word) -> word.startsWith(start)));
    }
    return words.apply("CountPerWord", Count.perElement());
  }
}
