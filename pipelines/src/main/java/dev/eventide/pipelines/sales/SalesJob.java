package dev.eventide.pipelines.sales;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventide.pipelines.GeneratorOptions;
import dev.eventide.pipelines.Job;
import dev.eventide.pipelines.KafkaOptions;
import dev.eventide.pipelines.Launcher;
import dev.eventide.pipelines.RecoveryDrillOptions;
import dev.eventide.transforms.aggregate.KeyProfitBy;
import dev.eventide.transforms.aggregate.ProfitSummary;
import dev.eventide.transforms.aggregate.SaleKey;
import dev.eventide.transforms.aggregate.SumProfitPerKey;
import dev.eventide.transforms.io.FormatPanesAsJson;
import dev.eventide.transforms.io.SaleGenerator;
import dev.eventide.transforms.io.SourceLines;
import dev.eventide.transforms.io.WriteLines;
import dev.eventide.transforms.model.Sale;
import dev.eventide.transforms.parse.DeadLettersAsJson;
import dev.eventide.transforms.parse.ParseSales;
import dev.eventide.transforms.parse.Parsed;
import dev.eventide.transforms.state.RunningTotal;
import dev.eventide.transforms.state.RunningTotalPerKey;
import dev.eventide.transforms.windowing.ApplyWindowing;
import dev.eventide.transforms.windowing.ApplyWindowing.Accumulation;
import dev.eventide.transforms.windowing.Durations;
import dev.eventide.transforms.windowing.EvictThenApply;
import dev.eventide.transforms.windowing.Evictor;
import dev.eventide.transforms.windowing.EvictorSpec;
import dev.eventide.transforms.windowing.RouteLateRecords;
import dev.eventide.transforms.windowing.TriggerSpec;
import dev.eventide.transforms.windowing.WindowSpec;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * The summary's "profit per month" job: sales lines in, the sum of profit and the number of sales
 * per key (month by default) per window out, one JSON line per pane; malformed lines to the dead
 * letters.
 *
 * <pre>scripts/run.sh sales --input=sales.csv --window=fixed:1d --output=out/sales</pre>
 */
public final class SalesJob implements Job<SalesOptions> {

  /** {@code java ... dev.eventide.pipelines.sales.SalesJob [--option=value ...]}. */
  public static void main(String[] args) {
    Launcher.mainOf(new SalesJob(), args);
  }

  @Override
  public String name() {
    return "sales";
  }

  @Override
  public String description() {
    return "profit and number of sales per month (or product, category) per window";
  }

  @Override
  public Class<SalesOptions> optionsClass() {
    return SalesOptions.class;
  }

  @Override
  public void build(Pipeline pipeline, SalesOptions options) {
    SourceLines input = pipeline.apply("ReadSales", source(options));
    PCollection<String> lines = RecoveryDrillOptions.apply(options, input.lines());
    PCollectionTuple outputs = lines.apply("ProfitPerKey", profitPerKey(options));
    outputs
        .get(RESULTS)
        .apply("WriteResults", KafkaOptions.resultSink(options, options.getOutput(), "result"));
    input
        .withRejectedAsJson(outputs.get(DEAD_LETTERS))
        .apply(
            "WriteDeadLetters",
            WriteLines.toFilesOrLog(options.getDeadLetterOutput(), "dead-letter"));
    if (outputs.has(LATE_RECORDS)) {
      outputs
          .get(LATE_RECORDS)
          .apply("WriteLateRecords", WriteLines.toFilesOrLog(options.getLateOutput(), "late"));
    }
    if (outputs.has(RUNNING_TOTALS)) {
      outputs
          .get(RUNNING_TOTALS)
          .apply(
              "WriteRunningTotals",
              WriteLines.toFilesOrLog(options.getRunningTotalsOutput(), "running-total"));
    }
  }

  /** The input lines: the files of {@code --input}, the records of {@code --inputTopic}, or the generator. */
  static PTransform<PBegin, SourceLines> source(SalesOptions options) {
    // Kafka records carry the sale's event time as their timestamp (scripts/replay-sales.sh).
    return KafkaOptions.inputLines(
        options,
        options.getInput(),
        null,
        () -> GeneratorOptions.lines(options, SalesGeneratorOptions.generator(options), options.getGeneratorRecords()));
  }

  /** What the job computes from lines; the options are checked when it is built. */
  public static ProfitPerKey profitPerKey(SalesOptions options) {
    return new ProfitPerKey(
        WindowSpec.parse(SalesOptions.window(options)),
        TriggerSpec.parse(SalesOptions.trigger(options)),
        EvictorSpec.parse(options.getEvictor()),
        options.getEvictAfter(),
        Durations.parse(options.getAllowedLateness()),
        Accumulation.parse(options.getAccumulation()),
        ApplyWindowing.parseTimestampCombiner(options.getTimestampCombiner()),
        SaleKeyOptions.key(options),
        options.getRunningTotalEvery().strip().equals("off")
            ? null
            : RunningTotalPerKey.reportingEvery(Durations.parse(options.getRunningTotalEvery())));
  }

  /** The JSON result lines, one per key per window per pane. */
  public static final TupleTag<String> RESULTS = new TupleTag<>("results");

  /** The JSON dead-letter lines, one per rejected input line. */
  public static final TupleTag<String> DEAD_LETTERS = new TupleTag<>("deadLetters");

  /** Unbounded input only: sales that came after their window closed, as JSON lines. */
  public static final TupleTag<String> LATE_RECORDS = new TupleTag<>("lateRecords");

  /** Unbounded input only: each key's running total since the job started, as JSON lines. */
  public static final TupleTag<String> RUNNING_TOTALS = new TupleTag<>("runningTotals");

  /**
   * Lines → parse → window → sum and count per key → JSON lines per pane; with unbounded lines also
   * parse → running total per key in keyed state → JSON lines.
   */
  public static final class ProfitPerKey extends PTransform<PCollection<String>, PCollectionTuple> {
    private final WindowSpec window;
    private final TriggerSpec trigger;
    private final EvictorSpec evictor;
    private final boolean evictAfter;
    private final Duration allowedLateness;
    private final Accumulation accumulation;
    private final TimestampCombiner timestampCombiner;
    private final SaleKey key;
    /** Null: no running totals. */
    private final RunningTotalPerKey runningTotals;

    ProfitPerKey(
        WindowSpec window,
        TriggerSpec trigger,
        EvictorSpec evictor,
        boolean evictAfter,
        Duration allowedLateness,
        Accumulation accumulation,
        TimestampCombiner timestampCombiner,
        SaleKey key,
        RunningTotalPerKey runningTotals) {
      this.window = window;
      this.trigger = trigger;
      this.evictor = evictor;
      this.evictAfter = evictAfter;
      this.allowedLateness = allowedLateness;
      this.accumulation = accumulation;
      this.timestampCombiner = timestampCombiner;
      this.key = key;
      this.runningTotals = runningTotals;
    }

    /**
     * On a stream, where the FlinkRunner combines nothing before the shuffle, sums within bundles
     * first whenever that gives the same panes (see {@link SumProfitPerKey#combiningWithinBundles}).
     */
    private SumProfitPerKey sumPerKey(PCollection<Sale> windowed, boolean unbounded) {
      boolean same = SumProfitPerKey.sameResultsWhenCombinedWithinBundles(windowed.getWindowingStrategy());
      return unbounded && same ? SumProfitPerKey.by(key).combiningWithinBundles() : SumProfitPerKey.by(key);
    }

    @Override
    public PCollectionTuple expand(PCollection<String> lines) {
      Parsed<Sale> parsed = lines.apply("ParseSales", ParseSales.create());
      boolean unbounded = lines.isBounded() == PCollection.IsBounded.UNBOUNDED;
      PCollection<Sale> sales = parsed.records();
      PCollection<String> late = null;
      if (unbounded) {
        // Only an unbounded input has a watermark that can leave records behind.
        SaleKey field = key;
        RouteLateRecords<Sale> router =
            RouteLateRecords.of(window, allowedLateness, field::of, SaleGenerator::format);
        PCollectionTuple routed = sales.apply("RouteLateSales", router);
        sales = routed.get(router.onTime);
        late = routed.get(RouteLateRecords.LATE).apply("FormatLateSales", RouteLateRecords.asJson());
      }
      PCollection<Sale> windowed =
          sales
              .apply(
                  "Window",
                  ApplyWindowing.<Sale>of(window)
                      .withTrigger(trigger)
                      .withAllowedLateness(allowedLateness)
                      .withAccumulation(accumulation)
                      .withTimestampCombiner(timestampCombiner));
      PCollection<String> results =
          (evictor.isNone() ? windowed.apply("SumProfitPerKey", sumPerKey(windowed, unbounded)) : evictThenSum(windowed))
              .apply("FormatResults", FormatPanesAsJson.withFields(ProfitPerKey::writeFields));
      PCollection<String> deadLetters =
          parsed.deadLetters().apply("FormatDeadLetters", DeadLettersAsJson.create());
      PCollectionTuple outputs = PCollectionTuple.of(RESULTS, results).and(DEAD_LETTERS, deadLetters);
      if (!unbounded) {
        return outputs;
      }
      outputs = outputs.and(LATE_RECORDS, late);
      if (runningTotals == null) {
        return outputs;
      }
      KeyProfitBy keyed = KeyProfitBy.of(key);
      PCollection<String> totals =
          parsed
              .records()
              .apply("RunningTotals " + keyed.stepName(), keyed)
              .apply("RunningTotalPerKey", runningTotals)
              .apply(
                  "FormatRunningTotals",
                  MapElements.into(TypeDescriptors.strings())
                      .via((KV<String, RunningTotal> kv) -> kv.getValue().toJson(kv.getKey())));
      return outputs.and(RUNNING_TOTALS, totals);
    }

    /** Flink's evictor over each window's sales, then the sum and count of those kept. */
    private PCollection<KV<String, ProfitSummary>> evictThenSum(PCollection<Sale> windowed) {
      KeyProfitBy keyed = KeyProfitBy.of(key);
      Evictor<Integer> evict = evictor.evictor((profit, newest) -> (double) Math.abs(profit - newest));
      SerializableFunction<List<Integer>, ProfitSummary> sum =
          profits -> profits.stream().reduce(ProfitSummary.EMPTY, ProfitSummary::plus, ProfitSummary::plus);
      return windowed
          .apply(keyed.stepName(), keyed)
          .apply(
              "Evict " + evictor.text() + (evictAfter ? " after" : " before") + " SumProfit",
              evictAfter
                  ? EvictThenApply.after(evict, sum, ProfitSummary.ProfitSummaryCoder.of())
                  : EvictThenApply.before(evict, sum, ProfitSummary.ProfitSummaryCoder.of()));
    }

    private static void writeFields(ProfitSummary summary, ObjectNode json) {
      json.put("profit", summary.profit());
      json.put("count", summary.count());
    }
  }
}
