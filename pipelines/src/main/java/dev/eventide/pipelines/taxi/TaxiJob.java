package dev.eventide.pipelines.taxi;

import dev.eventide.pipelines.Job;
import dev.eventide.pipelines.Launcher;
import dev.eventide.transforms.aggregate.TaxiStatistics;
import dev.eventide.transforms.io.GenerateLines;
import dev.eventide.transforms.io.ReadLines;
import dev.eventide.transforms.io.WriteLines;
import dev.eventide.transforms.model.CabRide;
import dev.eventide.transforms.model.Statistic;
import dev.eventide.transforms.parse.CabRideParser;
import dev.eventide.transforms.parse.DeadLettersAsJson;
import dev.eventide.transforms.parse.ParseLines;
import dev.eventide.transforms.parse.Parsed;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The summary's taxi ride statistics over a bounded input: the most popular destination by
 * passengers carried, and the average passengers per trip by pickup location and by driver, one
 * JSON line per key; cabs without an ongoing trip left out (counted), malformed lines to the dead
 * letters.
 *
 * <pre>scripts/run.sh taxi --input=cab_rides.txt --output=out/taxi</pre>
 *
 * <p>Bounded only: "the most popular destination" is over all rides, which a stream never has. A
 * windowed variant would be the same transforms after a window; it is not offered.
 */
public final class TaxiJob implements Job<TaxiOptions> {

  public static void main(String[] args) {
    Launcher.mainOf(new TaxiJob(), args);
  }

  @Override
  public String name() {
    return "taxi";
  }

  @Override
  public String description() {
    return "most popular destination, average passengers per pickup and per driver (ongoing rides)";
  }

  @Override
  public Class<TaxiOptions> optionsClass() {
    return TaxiOptions.class;
  }

  @Override
  public void build(Pipeline pipeline, TaxiOptions options) {
    if (options.getInput() == null && options.getGeneratorRatePerSecond() > 0) {
      throw new IllegalArgumentException(
          "the taxi statistics are over all rides, so they need a bounded input: give --input, or leave"
              + " --generatorRatePerSecond at 0");
    }
    PCollectionTuple outputs = pipeline.apply("ReadRides", source(options)).apply("RideStatistics", new RideStatistics());
    outputs.get(RESULTS).apply("WriteResults", WriteLines.toFilesOrLog(options.getOutput(), "result"));
    outputs
        .get(DEAD_LETTERS)
        .apply("WriteDeadLetters", WriteLines.toFilesOrLog(options.getDeadLetterOutput(), "dead-letter"));
  }

  static PTransform<PBegin, PCollection<String>> source(TaxiOptions options) {
    return options.getInput() != null
        ? ReadLines.from(options.getInput())
        : GenerateLines.bounded(TaxiOptions.generator(options), options.getGeneratorRecords());
  }

  /** The JSON result lines, one per statistic and key. */
  public static final TupleTag<String> RESULTS = new TupleTag<>("results");

  /** The JSON dead-letter lines. */
  public static final TupleTag<String> DEAD_LETTERS = new TupleTag<>("deadLetters");

  /** Lines → parse → statistics of ongoing trips → JSON lines. */
  public static final class RideStatistics extends PTransform<PCollection<String>, PCollectionTuple> {
    @Override
    public PCollectionTuple expand(PCollection<String> lines) {
      Parsed<CabRide> parsed = lines.apply("ParseRides", ParseLines.with(new CabRideParser()));
      PCollection<String> results =
          parsed
              .records()
              .apply("Statistics", TaxiStatistics.create())
              .apply("FormatResults", MapElements.into(TypeDescriptors.strings()).via(Statistic::toJson));
      return PCollectionTuple.of(RESULTS, results)
          .and(DEAD_LETTERS, parsed.deadLetters().apply("FormatDeadLetters", DeadLettersAsJson.create()));
    }
  }
}
