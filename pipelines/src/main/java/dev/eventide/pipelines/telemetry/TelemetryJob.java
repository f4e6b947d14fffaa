package dev.eventide.pipelines.telemetry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventide.pipelines.GeneratorOptions;
import dev.eventide.pipelines.Job;
import dev.eventide.pipelines.KafkaOptions;
import dev.eventide.pipelines.Launcher;
import dev.eventide.pipelines.RecoveryDrillOptions;
import dev.eventide.transforms.aggregate.ReadingStats;
import dev.eventide.transforms.aggregate.StatsPerDevice;
import dev.eventide.transforms.io.FormatPanesAsJson;
import dev.eventide.transforms.io.ReadingGenerator;
import dev.eventide.transforms.io.SourceLines;
import dev.eventide.transforms.io.WriteLines;
import dev.eventide.transforms.model.Reading;
import dev.eventide.transforms.parse.DeadLettersAsJson;
import dev.eventide.transforms.parse.InvalidRecordException;
import dev.eventide.transforms.parse.ParseLines;
import dev.eventide.transforms.parse.Parsed;
import dev.eventide.transforms.parse.ReadingParser;
import dev.eventide.transforms.windowing.ApplyWindowing;
import dev.eventide.transforms.windowing.Durations;
import dev.eventide.transforms.windowing.RouteLateRecords;
import dev.eventide.transforms.windowing.WindowSpec;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The summary's {@code TelemetryAggregate}: device readings in, per device per window the number of
 * readings and their minimum, maximum and average out, one JSON line per pane; malformed lines to
 * the dead letters, late readings (unbounded input) to the late output.
 *
 * <pre>scripts/run.sh telemetry --inputTopic=readings --outputTopic=device-stats --exactlyOnce=true</pre>
 */
public final class TelemetryJob implements Job<TelemetryOptions> {

  static final ReadingParser PARSER = new ReadingParser();

  public static void main(String[] args) {
    Launcher.mainOf(new TelemetryJob(), args);
  }

  @Override
  public String name() {
    return "telemetry";
  }

  @Override
  public String description() {
    return "minimum, maximum and average reading per device per window";
  }

  @Override
  public Class<TelemetryOptions> optionsClass() {
    return TelemetryOptions.class;
  }

  @Override
  public void build(Pipeline pipeline, TelemetryOptions options) {
    SourceLines input = pipeline.apply("ReadReadings", source(options));
    PCollection<String> lines = RecoveryDrillOptions.apply(options, input.lines());
    PCollectionTuple outputs =
        lines.apply(
            "StatsPerDevice",
            new DeviceStats(WindowSpec.parse(TelemetryOptions.window(options)), Durations.parse(options.getAllowedLateness())));
    outputs.get(RESULTS).apply("WriteResults", KafkaOptions.resultSink(options, options.getOutput(), "result"));
    input
        .withRejectedAsJson(outputs.get(DEAD_LETTERS))
        .apply("WriteDeadLetters", WriteLines.toFilesOrLog(options.getDeadLetterOutput(), "dead-letter"));
    if (outputs.has(LATE_RECORDS)) {
      outputs.get(LATE_RECORDS).apply("WriteLateReadings", WriteLines.toFilesOrLog(options.getLateOutput(), "late"));
    }
  }

  /** Files, Kafka (event time from each line's own time field), or the generator. */
  static PTransform<PBegin, SourceLines> source(TelemetryOptions options) {
    return KafkaOptions.inputLines(
        options,
        options.getInput(),
        TelemetryJob::timeInLine,
        () -> GeneratorOptions.lines(options, TelemetryOptions.generator(options), options.getGeneratorRecords()));
  }

  /** A reading's time, or null when its line holds none (it goes to the dead letters anyway). */
  public static Instant timeInLine(String line) {
    try {
      return PARSER.parse(line.strip()).eventTime();
    } catch (InvalidRecordException | RuntimeException e) {
      return null;
    }
  }

  /** The JSON result lines, one per device per window per pane. */
  public static final TupleTag<String> RESULTS = new TupleTag<>("results");

  /** The JSON dead-letter lines. */
  public static final TupleTag<String> DEAD_LETTERS = new TupleTag<>("deadLetters");

  /** Unbounded input only: readings that came after their window closed. */
  public static final TupleTag<String> LATE_RECORDS = new TupleTag<>("lateRecords");

  /** Lines → parse → (route late readings) → window → min, max, average per device → JSON lines. */
  public static final class DeviceStats extends PTransform<PCollection<String>, PCollectionTuple> {
    private final WindowSpec window;
    private final Duration allowedLateness;

    public DeviceStats(WindowSpec window, Duration allowedLateness) {
      this.window = window;
      this.allowedLateness = allowedLateness;
    }

    @Override
    public PCollectionTuple expand(PCollection<String> lines) {
      Parsed<Reading> parsed = lines.apply("ParseReadings", ParseLines.with(PARSER));
      PCollection<Reading> readings = parsed.records();
      PCollection<String> late = null;
      if (lines.isBounded() == PCollection.IsBounded.UNBOUNDED) {
        RouteLateRecords<Reading> router =
            RouteLateRecords.of(window, allowedLateness, Reading::device, ReadingGenerator::format);
        PCollectionTuple routed = readings.apply("RouteLateReadings", router);
        readings = routed.get(router.onTime);
        late = routed.get(RouteLateRecords.LATE).apply("FormatLateReadings", RouteLateRecords.asJson());
      }
      PCollection<String> results =
          readings
              .apply("Window", ApplyWindowing.<Reading>of(window).withAllowedLateness(allowedLateness))
              .apply("MinMaxAverage", StatsPerDevice.create())
              .apply("FormatResults", FormatPanesAsJson.withFields(DeviceStats::writeFields));
      PCollectionTuple outputs =
          PCollectionTuple.of(RESULTS, results)
              .and(DEAD_LETTERS, parsed.deadLetters().apply("FormatDeadLetters", DeadLettersAsJson.create()));
      return late == null ? outputs : outputs.and(LATE_RECORDS, late);
    }

    private static void writeFields(ReadingStats stats, ObjectNode json) {
      json.put("count", stats.count());
      json.put("min", stats.min());
      json.put("max", stats.max());
      json.put("average", stats.roundedAverage());
    }
  }
}
