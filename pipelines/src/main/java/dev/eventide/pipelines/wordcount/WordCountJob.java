package dev.eventide.pipelines.wordcount;

import dev.eventide.pipelines.GeneratorOptions;
import dev.eventide.pipelines.Job;
import dev.eventide.pipelines.KafkaOptions;
import dev.eventide.pipelines.Launcher;
import dev.eventide.transforms.aggregate.CountWords;
import dev.eventide.transforms.io.FormatPanesAsJson;
import dev.eventide.transforms.io.SourceLines;
import dev.eventide.transforms.io.WriteLines;
import dev.eventide.transforms.parse.DeadLettersAsJson;
import dev.eventide.transforms.parse.ParseLines;
import dev.eventide.transforms.parse.Parsed;
import dev.eventide.transforms.parse.WordsParser;
import dev.eventide.transforms.windowing.ApplyWindowing;
import dev.eventide.transforms.windowing.ApplyWindowing.Accumulation;
import dev.eventide.transforms.windowing.Durations;
import dev.eventide.transforms.windowing.RouteLateRecords;
import dev.eventide.transforms.windowing.TriggerSpec;
import dev.eventide.transforms.windowing.WindowSpec;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Duration;

/**
 * Word count: how often each word occurs, over files (one JSON line per word) or per window of a
 * stream with the summary's count trigger (one JSON line per word per window per pane); lines that
 * are not text to the dead letters, late words (a stream) to the late output.
 *
 * <pre>scripts/run.sh wordcount --input=wc.txt --output=out/wordcount</pre>
 */
public final class WordCountJob implements Job<WordCountOptions> {

  public static void main(String[] args) {
    Launcher.mainOf(new WordCountJob(), args);
  }

  @Override
  public String name() {
    return "wordcount";
  }

  @Override
  public String description() {
    return "how often each word occurs, over files or per window of a stream (count trigger)";
  }

  @Override
  public Class<WordCountOptions> optionsClass() {
    return WordCountOptions.class;
  }

  @Override
  public void build(Pipeline pipeline, WordCountOptions options) {
    CountPerWindow count =
        new CountPerWindow(
            options.getWordsStartingWith(),
            WindowSpec.parse(WordCountOptions.window(options)),
            TriggerSpec.parse(WordCountOptions.trigger(options)),
            Accumulation.parse(options.getAccumulation()),
            Durations.parse(options.getAllowedLateness()));
    SourceLines input =
        pipeline.apply(
            "ReadLines",
            KafkaOptions.inputLines(
                options,
                options.getInput(),
                null,
                () -> GeneratorOptions.lines(options, WordCountOptions.generator(options), options.getGeneratorRecords())));
    PCollectionTuple outputs = input.lines().apply("CountWords", count);
    outputs.get(RESULTS).apply("WriteResults", KafkaOptions.resultSink(options, options.getOutput(), "result"));
    input
        .withRejectedAsJson(outputs.get(DEAD_LETTERS))
        .apply("WriteDeadLetters", WriteLines.toFilesOrLog(options.getDeadLetterOutput(), "dead-letter"));
    if (outputs.has(LATE_RECORDS)) {
      outputs.get(LATE_RECORDS).apply("WriteLateWords", WriteLines.toFilesOrLog(options.getLateOutput(), "late"));
    }
  }

  /** The JSON result lines: {@code {"word":"Noman","count":12}}, with window and pane for a stream. */
  public static final TupleTag<String> RESULTS = new TupleTag<>("results");

  /** The JSON dead-letter lines. */
  public static final TupleTag<String> DEAD_LETTERS = new TupleTag<>("deadLetters");

  /** A stream only: words that came after their window closed. */
  public static final TupleTag<String> LATE_RECORDS = new TupleTag<>("lateRecords");

  /** Lines → words → (route late words) → window → count per word → JSON lines. */
  public static final class CountPerWindow extends PTransform<PCollection<String>, PCollectionTuple> {
    private final String prefix;
    private final WindowSpec window;
    private final TriggerSpec trigger;
    private final Accumulation accumulation;
    private final Duration allowedLateness;

    public CountPerWindow(
        String prefix, WindowSpec window, TriggerSpec trigger, Accumulation accumulation, Duration allowedLateness) {
      this.prefix = prefix;
      this.window = window;
      this.trigger = trigger;
      this.accumulation = accumulation;
      this.allowedLateness = allowedLateness;
    }

    @Override
    public PCollectionTuple expand(PCollection<String> lines) {
      Parsed<List<String>> parsed = lines.apply("ParseWords", ParseLines.with(new WordsParser()));
      PCollection<String> words = parsed.records().apply("EachWord", Flatten.iterables());
      boolean unbounded = lines.isBounded() == PCollection.IsBounded.UNBOUNDED;
      PCollection<String> late = null;
      if (unbounded) {
        RouteLateRecords<String> router = RouteLateRecords.of(window, allowedLateness, word -> word, word -> word);
        PCollectionTuple routed = words.apply("RouteLateWords", router);
        words = routed.get(router.onTime);
        late = routed.get(RouteLateRecords.LATE).apply("FormatLateWords", RouteLateRecords.asJson());
      }
      PCollection<String> results =
          words
              .apply(
                  "Window",
                  ApplyWindowing.<String>of(window)
                      .withTrigger(trigger)
                      .withAccumulation(accumulation)
                      .withAllowedLateness(allowedLateness))
              .apply("CountPerWord", CountWords.startingWith(prefix))
              .apply(
                  "FormatResults",
                  FormatPanesAsJson.<Long>withFields((count, json) -> json.put("count", count))
                      .withKeyField("word")
                      .withoutPanesForBatchTotals());
      PCollectionTuple outputs =
          PCollectionTuple.of(RESULTS, results)
              .and(DEAD_LETTERS, parsed.deadLetters().apply("FormatDeadLetters", DeadLettersAsJson.create()));
      return late == null ? outputs : outputs.and(LATE_RECORDS, late);
    }
  }
}
