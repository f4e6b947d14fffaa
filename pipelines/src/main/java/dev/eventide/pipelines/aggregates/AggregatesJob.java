package dev.eventide.pipelines.aggregates;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventide.pipelines.GeneratorOptions;
import dev.eventide.pipelines.Job;
import dev.eventide.pipelines.Launcher;
import dev.eventide.pipelines.sales.SaleKeyOptions;
import dev.eventide.pipelines.sales.SalesGeneratorOptions;
import dev.eventide.transforms.aggregate.RollingAggregates;
import dev.eventide.transforms.aggregate.RollingAggregates.Aggregates;
import dev.eventide.transforms.aggregate.SaleKey;
import dev.eventide.transforms.io.FormatPanesAsJson;
import dev.eventide.transforms.io.ReadNumberedLines;
import dev.eventide.transforms.io.WriteLines;
import dev.eventide.transforms.model.NumberedLine;
import dev.eventide.transforms.model.Sale;
import dev.eventide.transforms.parse.DeadLettersAsJson;
import dev.eventide.transforms.parse.ParseLines;
import dev.eventide.transforms.parse.Parsed;
import dev.eventide.transforms.parse.SaleParser;
import dev.eventide.transforms.windowing.ApplyWindowing;
import dev.eventide.transforms.windowing.ApplyWindowing.Accumulation;
import dev.eventide.transforms.windowing.TriggerSpec;
import dev.eventide.transforms.windowing.WindowSpec;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The summary's {@code ComputeAggregates}: per month (or product, category) the sum, minimum and
 * maximum of profit and the sale lines holding the minimum and the maximum (Flink's {@code minBy}
 * and {@code maxBy}; of equal profits the first line). Final values over files, one JSON line per
 * key; over a stream, a rolling result on every sale (the global window fires per element,
 * accumulating), as Flink's rolling aggregations do. Malformed lines to the dead letters.
 *
 * <pre>scripts/run.sh aggregates --input=avg.txt --output=out/aggregates</pre>
 */
public final class AggregatesJob implements Job<AggregatesOptions> {

  public static void main(String[] args) {
    Launcher.mainOf(new AggregatesJob(), args);
  }

  @Override
  public String name() {
    return "aggregates";
  }

  @Override
  public String description() {
    return "sum, min, max, minBy and maxBy of profit per month; final over files, rolling over a stream";
  }

  @Override
  public Class<AggregatesOptions> optionsClass() {
    return AggregatesOptions.class;
  }

  @Override
  public void build(Pipeline pipeline, AggregatesOptions options) {
    PCollectionTuple outputs =
        pipeline.apply("ReadSales", source(options)).apply("AggregatesPerKey", new AggregatesPerKey(SaleKeyOptions.key(options)));
    outputs.get(RESULTS).apply("WriteResults", WriteLines.toFilesOrLog(options.getOutput(), "result"));
    outputs
        .get(DEAD_LETTERS)
        .apply("WriteDeadLetters", WriteLines.toFilesOrLog(options.getDeadLetterOutput(), "dead-letter"));
  }

  /** Numbered lines: of the files, or of the generator (numbered by its index). */
  static PTransform<PBegin, PCollection<NumberedLine>> source(AggregatesOptions options) {
    if (options.getInput() != null) {
      return ReadNumberedLines.from(options.getInput());
    }
    return GeneratorOptions.lines(options, SalesGeneratorOptions.generator(options), options.getGeneratorRecords())
        .numbered("generator");
  }

  /** The JSON result lines, one per key (files) or one per key per sale (a stream). */
  public static final TupleTag<String> RESULTS = new TupleTag<>("results");

  /** The JSON dead-letter lines. */
  public static final TupleTag<String> DEAD_LETTERS = new TupleTag<>("deadLetters");

  /** Numbered sale lines → parse → per key: sum, min, max, minBy, maxBy → JSON lines. */
  public static final class AggregatesPerKey extends PTransform<PCollection<NumberedLine>, PCollectionTuple> {
    private final SaleKey key;

    public AggregatesPerKey(SaleKey key) {
      this.key = key;
    }

    @Override
    public PCollectionTuple expand(PCollection<NumberedLine> lines) {
      Parsed<KV<NumberedLine, Sale>> parsed = lines.apply("ParseSales", ParseLines.numbered(new SaleParser()));
      boolean unbounded = lines.isBounded() == PCollection.IsBounded.UNBOUNDED;
      SaleKey field = key;
      PCollection<KV<String, KV<NumberedLine, Long>>> profits =
          parsed
              .records()
              .apply(
                  "ProfitBy" + key,
                  MapElements.into(
                          TypeDescriptors.kvs(
                              TypeDescriptors.strings(),
                              TypeDescriptors.kvs(
                                  TypeDescriptor.of(NumberedLine.class), TypeDescriptors.longs())))
                      .via(sale -> KV.of(field.of(sale.getValue()), KV.of(sale.getKey(), (long) sale.getValue().profit()))));
      profits.setCoder(
          KvCoder.of(StringUtf8Coder.of(), KvCoder.of(NumberedLine.NumberedLineCoder.of(), VarLongCoder.of())));
      if (unbounded) {
        // Flink's rolling aggregation: a result on every record, each holding all records so far.
        profits =
            profits.apply(
                "EveryRecord",
                ApplyWindowing.<KV<String, KV<NumberedLine, Long>>>of(WindowSpec.global())
                    .withTrigger(TriggerSpec.parse("count:1"))
                    .withAccumulation(Accumulation.ACCUMULATING));
      }
      PCollection<String> results =
          profits
              .apply("Aggregate", RollingAggregates.perKey())
              .apply("FormatResults", FormatPanesAsJson.withFields(AggregatesPerKey::writeFields).withoutPanesForBatchTotals());
      return PCollectionTuple.of(RESULTS, results)
          .and(DEAD_LETTERS, parsed.deadLetters().apply("FormatDeadLetters", DeadLettersAsJson.create()));
    }

    private static void writeFields(Aggregates aggregates, ObjectNode json) {
      json.put("sum", aggregates.sum());
      json.put("min", aggregates.min());
      json.put("max", aggregates.max());
      json.put("minBy", aggregates.minBy().text());
      json.put("maxBy", aggregates.maxBy().text());
    }
  }
}
