package dev.eventide.pipelines.wordcount;

import dev.eventide.pipelines.GeneratorOptions;
import dev.eventide.pipelines.JobOptions;
import dev.eventide.pipelines.KafkaOptions;
import dev.eventide.transforms.io.WordGenerator;
import dev.eventide.transforms.windowing.Durations;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the word-count job: how often each word occurs, over files or per window of a stream. */
public interface WordCountOptions extends JobOptions, GeneratorOptions, KafkaOptions {

  @Description(
      "File pattern of text lines (the summary's file has one name per line). Absent: --inputTopic, or"
          + " else the built-in deterministic generator of names.")
  String getInput();

  void setInput(String value);

  @Description("Count only words that start with this text (the summary's job counts names starting with N). Empty: all words.")
  @Default.String("")
  String getWordsStartingWith();

  void setWordsStartingWith(String value);

  @Description(
      "Window: fixed:<size>, sliding:<size>,<period>, session:<gap> or global. Default: global for a"
          + " bounded input (files, the generator without a rate), fixed:10s for a stream.")
  String getWindow();

  void setWindow(String value);

  @Description(
      "When a window fires (see the sales job's --trigger). Default: default for a bounded input;"
          + " count:5 for a stream (Flink's CountTrigger: a pane every 5 words of a word's window, and"
          + " the window's total when the watermark passes its end).")
  String getTrigger();

  void setTrigger(String value);

  @Description("accumulating (each pane holds the window's count so far) or discarding (only the words since the last pane).")
  @Default.String("accumulating")
  String getAccumulation();

  void setAccumulation(String value);

  @Description("How long after the end of a window late words still update it (e.g. 0, 5s).")
  @Default.String("0")
  String getAllowedLateness();

  void setAllowedLateness(String value);

  /** The generator these options describe. */
  static WordGenerator generator(WordCountOptions options) {
    return new WordGenerator(
        options.getGeneratorSeed(),
        GENERATOR_START,
        Durations.parse(options.getGeneratorInterval()).getMillis(),
        options.getGeneratorMalformedFraction());
  }

  /** Whether the input is bounded: files, or the generator without a rate. */
  static boolean boundedInput(WordCountOptions options) {
    return GeneratorOptions.boundedInput(options, options.getInput(), options.getInputTopic());
  }

  /** {@code --window}; absent, {@code global} for a bounded input and {@code fixed:10s} for a stream. */
  static String window(WordCountOptions options) {
    return JobOptions.or(options.getWindow(), boundedInput(options) ? "global" : "fixed:10s");
  }

  /** {@code --trigger}; absent, {@code default} for a bounded input and {@code count:5} for a stream. */
  static String trigger(WordCountOptions options) {
    return JobOptions.or(options.getTrigger(), boundedInput(options) ? "default" : "count:5");
  }
}
