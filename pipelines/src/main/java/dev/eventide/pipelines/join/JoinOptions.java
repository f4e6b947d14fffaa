package dev.eventide.pipelines.join;

import dev.eventide.pipelines.GeneratorOptions;
import dev.eventide.pipelines.JobOptions;
import dev.eventide.pipelines.KafkaOptions;
import dev.eventide.transforms.io.IdValueGenerator;
import dev.eventide.transforms.windowing.Durations;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the join job: two inputs of {@code id,value} lines joined on the id. */
public interface JoinOptions extends JobOptions, GeneratorOptions, KafkaOptions {

  @Description("File pattern of the left side's lines 'id,value' (the summary's persons.txt: 1,John).")
  String getLeft();

  void setLeft(String value);

  @Description("File pattern of the right side's lines 'id,value' (the summary's locations.txt: 1,DC).")
  String getRight();

  void setRight(String value);

  @Description("Kafka topic of the left side's lines (a stream; event time is the record timestamp).")
  String getLeftTopic();

  void setLeftTopic(String value);

  @Description("Kafka topic of the right side's lines.")
  String getRightTopic();

  void setRightTopic(String value);

  @Description(
      "inner (ids on both sides), left (every left id), right (every right id) or full (every id);"
          + " a missing side is null in the output.")
  @Default.String("inner")
  String getKind();

  void setKind(String value);

  @Description(
      "Window of a streaming join: values pair only within the same window. fixed:<size>,"
          + " sliding:<size>,<period>, session:<gap> or global. Default: global for a bounded input,"
          + " fixed:10s for a stream.")
  String getWindow();

  void setWindow(String value);

  @Description("How long after the end of a window late lines still join in it (e.g. 0, 5s).")
  @Default.String("0")
  String getAllowedLateness();

  void setAllowedLateness(String value);

  @Description("The generator's ids run from 1 to this; each side draws its ids from them.")
  @Default.Integer(10)
  int getGeneratorIds();

  void setGeneratorIds(int value);

  /** The generator of the left side: person names by id. */
  static IdValueGenerator leftGenerator(JoinOptions options) {
    return IdValueGenerator.persons(
        options.getGeneratorSeed(),
        options.getGeneratorIds(),
        GENERATOR_START,
        Durations.parse(options.getGeneratorInterval()).getMillis(),
        options.getGeneratorMalformedFraction());
  }

  /** The generator of the right side: city codes by id. */
  static IdValueGenerator rightGenerator(JoinOptions options) {
    return IdValueGenerator.locations(
        options.getGeneratorSeed() + 1,
        options.getGeneratorIds(),
        GENERATOR_START,
        Durations.parse(options.getGeneratorInterval()).getMillis(),
        options.getGeneratorMalformedFraction());
  }

  /**
   * {@code --window}; absent, {@code global} for files or the generator without a rate and {@code
   * fixed:10s} for streams (see {@link JobOptions} for why not an annotation).
   */
  static String window(JoinOptions options) {
    boolean bounded = GeneratorOptions.boundedInput(options, options.getLeft(), options.getLeftTopic());
    return JobOptions.or(options.getWindow(), bounded ? "global" : "fixed:10s");
  }
}
