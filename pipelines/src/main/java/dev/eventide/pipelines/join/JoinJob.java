package dev.eventide.pipelines.join;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventide.pipelines.GeneratorOptions;
import dev.eventide.pipelines.Job;
import dev.eventide.pipelines.KafkaOptions;
import dev.eventide.pipelines.Launcher;
import dev.eventide.transforms.io.FormatPanesAsJson;
import dev.eventide.transforms.io.ReadLines;
import dev.eventide.transforms.io.SourceLines;
import dev.eventide.transforms.io.WriteLines;
import dev.eventide.transforms.join.Join;
import dev.eventide.transforms.join.JoinKind;
import dev.eventide.transforms.model.DeadLetter;
import dev.eventide.transforms.options.EnumOption;
import dev.eventide.transforms.parse.DeadLettersAsJson;
import dev.eventide.transforms.parse.IdValueParser;
import dev.eventide.transforms.parse.ParseLines;
import dev.eventide.transforms.parse.Parsed;
import dev.eventide.transforms.windowing.ApplyWindowing;
import dev.eventide.transforms.windowing.Durations;
import dev.eventide.transforms.windowing.RouteLateRecords;
import dev.eventide.transforms.windowing.WindowSpec;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Duration;

/**
 * The summary's joins: two inputs of {@code id,value} lines (persons and locations) joined on the
 * id, inner, left, right or full outer, one JSON line per pair with {@code null} for a missing
 * side; over files, or per window of two streams. Malformed lines of either side to the dead
 * letters (the reason says which side), late lines (streams) to the late output.
 *
 * <pre>scripts/run.sh join --left=persons.txt --right=locations.txt --kind=left --output=out/join</pre>
 */
public final class JoinJob implements Job<JoinOptions> {

  public static void main(String[] args) {
    Launcher.mainOf(new JoinJob(), args);
  }

  @Override
  public String name() {
    return "join";
  }

  @Override
  public String description() {
    return "two inputs of id,value lines joined on the id (inner, left, right or full), over files or per window";
  }

  @Override
  public Class<JoinOptions> optionsClass() {
    return JoinOptions.class;
  }

  /** Input: the left side's lines. */
  public static final TupleTag<String> LEFT_LINES = new TupleTag<>("leftLines");

  /** Input: the right side's lines. */
  public static final TupleTag<String> RIGHT_LINES = new TupleTag<>("rightLines");

  /** The JSON result lines: {@code {"id":"1","left":"John","right":"DC"}}, with window and pane for a stream. */
  public static final TupleTag<String> RESULTS = new TupleTag<>("results");

  /** The JSON dead-letter lines of both sides. */
  public static final TupleTag<String> DEAD_LETTERS = new TupleTag<>("deadLetters");

  /** Streams only: lines of either side that came after their window closed. */
  public static final TupleTag<String> LATE_RECORDS = new TupleTag<>("lateRecords");

  @Override
  public void build(Pipeline pipeline, JoinOptions options) {
    JoinSides join =
        new JoinSides(
            EnumOption.parse(JoinKind.class, "--kind", options.getKind()),
            WindowSpec.parse(JoinOptions.window(options)),
            Durations.parse(options.getAllowedLateness()));
    SourceLines left = pipeline.apply("ReadLeft", source(options, true));
    SourceLines right = pipeline.apply("ReadRight", source(options, false));
    PCollectionTuple inputs = PCollectionTuple.of(LEFT_LINES, left.lines()).and(RIGHT_LINES, right.lines());
    PCollectionTuple outputs = inputs.apply("Join", join);
    outputs.get(RESULTS).apply("WriteResults", KafkaOptions.resultSink(options, options.getOutput(), "result"));
    right
        .withRejectedAsJson(left.withRejectedAsJson(outputs.get(DEAD_LETTERS)))
        .apply("WriteDeadLetters", WriteLines.toFilesOrLog(options.getDeadLetterOutput(), "dead-letter"));
    if (outputs.has(LATE_RECORDS)) {
      outputs.get(LATE_RECORDS).apply("WriteLateLines", WriteLines.toFilesOrLog(options.getLateOutput(), "late"));
    }
  }

  /** One side's lines: its files, its topic, or its generator. */
  static PTransform<PBegin, SourceLines> source(JoinOptions options, boolean left) {
    if (options.getInputTopic() != null) {
      throw new IllegalArgumentException("a join has two inputs: give --leftTopic and --rightTopic, not --inputTopic");
    }
    boolean files = options.getLeft() != null || options.getRight() != null;
    boolean topics = options.getLeftTopic() != null || options.getRightTopic() != null;
    if (files && topics) {
      throw new IllegalArgumentException("give --left and --right, or --leftTopic and --rightTopic, not both");
    }
    if (files) {
      if (options.getLeft() == null || options.getRight() == null) {
        throw new IllegalArgumentException("a join needs both --left and --right");
      }
      return SourceLines.from(ReadLines.from(left ? options.getLeft() : options.getRight()));
    }
    if (topics) {
      if (options.getLeftTopic() == null || options.getRightTopic() == null) {
        throw new IllegalArgumentException("a join needs both --leftTopic and --rightTopic");
      }
      return KafkaOptions.topicLines(options, left ? options.getLeftTopic() : options.getRightTopic(), null);
    }
    return SourceLines.from(
        GeneratorOptions.lines(
            options,
            left ? JoinOptions.leftGenerator(options) : JoinOptions.rightGenerator(options),
            options.getGeneratorRecords()));
  }

  /** Left and right lines → parse → (route late lines) → window → join on the id → JSON lines. */
  public static final class JoinSides extends PTransform<PCollectionTuple, PCollectionTuple> {
    private final JoinKind kind;
    private final WindowSpec window;
    private final Duration allowedLateness;

    public JoinSides(JoinKind kind, WindowSpec window, Duration allowedLateness) {
      this.kind = kind;
      this.window = window;
      this.allowedLateness = allowedLateness;
    }

    @Override
    public PCollectionTuple expand(PCollectionTuple inputs) {
      Side left = side(inputs.get(LEFT_LINES), "left");
      Side right = side(inputs.get(RIGHT_LINES), "right");
      PCollection<String> results =
          left.records
              .apply("Join " + kind.name().toLowerCase(java.util.Locale.ROOT), Join.of(kind, right.records))
              .apply(
                  "FormatResults",
                  FormatPanesAsJson.withFields(JoinSides::writeSides)
                      .withKeyField("id")
                      .withoutPanesForBatchTotals());
      PCollection<String> deadLetters =
          PCollectionList.of(left.deadLetters).and(right.deadLetters).apply("AllDeadLetters", Flatten.pCollections());
      PCollectionTuple outputs = PCollectionTuple.of(RESULTS, results).and(DEAD_LETTERS, deadLetters);
      if (left.late == null) {
        return outputs;
      }
      return outputs.and(
          LATE_RECORDS, PCollectionList.of(left.late).and(right.late).apply("AllLateLines", Flatten.pCollections()));
    }

    private static void writeSides(KV<String, String> pair, ObjectNode json) {
      json.put("left", pair.getKey());
      json.put("right", pair.getValue());
    }

    /** One side parsed (its dead letters say which side), late lines routed, windowed. */
    private Side side(PCollection<String> lines, String name) {
      Parsed<KV<String, String>> parsed = lines.apply("Parse" + name, ParseLines.with(IdValueParser.of(name, "value")));
      PCollection<String> deadLetters =
          parsed
              .deadLetters()
              .apply(
                  "Name" + name + "Side",
                  MapElements.into(TypeDescriptor.of(DeadLetter.class))
                      .via((DeadLetter letter) -> new DeadLetter(letter.input(), name + ": " + letter.error())))
              .setCoder(DeadLetter.DeadLetterCoder.of())
              .apply("Format" + name + "DeadLetters", DeadLettersAsJson.create());
      PCollection<KV<String, String>> records = parsed.records();
      PCollection<String> late = null;
      if (lines.isBounded() == PCollection.IsBounded.UNBOUNDED) {
        RouteLateRecords<KV<String, String>> router =
            RouteLateRecords.of(window, allowedLateness, KV::getKey, record -> name + ":" + record.getKey() + "," + record.getValue());
        PCollectionTuple routed = records.apply("RouteLate" + name, router);
        records = routed.get(router.onTime);
        late = routed.get(RouteLateRecords.LATE).apply("FormatLate" + name, RouteLateRecords.asJson());
      }
      records =
          records.apply("Window" + name, ApplyWindowing.<KV<String, String>>of(window).withAllowedLateness(allowedLateness));
      return new Side(records, deadLetters, late);
    }

    private record Side(PCollection<KV<String, String>> records, PCollection<String> deadLetters, PCollection<String> late) {}
  }
}
