package dev.eventide.pipelines.inventory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventide.pipelines.GeneratorOptions;
import dev.eventide.pipelines.Job;
import dev.eventide.pipelines.JobOptions;
import dev.eventide.pipelines.Launcher;
import dev.eventide.transforms.io.FormatPanesAsJson;
import dev.eventide.transforms.io.InventoryGenerator;
import dev.eventide.transforms.io.ReadLines;
import dev.eventide.transforms.io.WriteLines;
import dev.eventide.transforms.model.DeadLetter;
import dev.eventide.transforms.parse.DeadLettersAsJson;
import dev.eventide.transforms.parse.ParseLines;
import dev.eventide.transforms.parse.Parsed;
import dev.eventide.transforms.parse.StockQueryParser;
import dev.eventide.transforms.parse.StockTransactionParser;
import dev.eventide.transforms.state.FailureRatePerItem;
import dev.eventide.transforms.state.FailureRatePerItem.Rate;
import dev.eventide.transforms.state.InventoryLedger;
import dev.eventide.transforms.state.InventoryLedger.Event;
import dev.eventide.transforms.windowing.Durations;
import dev.eventide.transforms.windowing.WindowSpec;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * The summary's inventory of item transactions: stock per item in keyed state, transactions that
 * would make it negative rejected with the reason, queries answered as of their time, a failure
 * rate per item and window with alerts, idle items forgotten.
 *
 * <pre>scripts/run.sh inventory --transactions=tx.csv --queries=queries.csv --output=out/inventory</pre>
 *
 * writes {@code out/inventory-answers}, {@code -stock} (each applied transaction and the stock
 * after it), {@code -rejected}, {@code -failure-rates}, {@code -alerts} and {@code -dead-letter}.
 */
public final class InventoryJob implements Job<InventoryOptions> {

  public static void main(String[] args) {
    Launcher.mainOf(new InventoryJob(), args);
  }

  @Override
  public String name() {
    return "inventory";
  }

  @Override
  public String description() {
    return "stock per item from transactions; queries answered, overdrafts rejected, failure-rate alerts";
  }

  @Override
  public Class<InventoryOptions> optionsClass() {
    return InventoryOptions.class;
  }

  /** Input: transaction lines. */
  public static final TupleTag<String> TRANSACTION_LINES = new TupleTag<>("transactionLines");

  /** Input: query lines (may be absent). */
  public static final TupleTag<String> QUERY_LINES = new TupleTag<>("queryLines");

  /** Outputs, each JSON lines, and the file suffix each is written to beside {@code --output}. */
  public static final TupleTag<String> ANSWERS = new TupleTag<>("answers");

  public static final TupleTag<String> STOCK = new TupleTag<>("stock");
  public static final TupleTag<String> REJECTED = new TupleTag<>("rejected");
  public static final TupleTag<String> FAILURE_RATES = new TupleTag<>("failureRates");
  public static final TupleTag<String> ALERTS = new TupleTag<>("alerts");
  public static final TupleTag<String> DEAD_LETTERS = new TupleTag<>("deadLetters");

  private static final Map<TupleTag<String>, String> SUFFIXES =
      Map.of(ANSWERS, "-answers", STOCK, "-stock", REJECTED, "-rejected", FAILURE_RATES, "-failure-rates", ALERTS, "-alerts");

  @Override
  public void build(Pipeline pipeline, InventoryOptions options) {
    TrackInventory track = trackInventory(options);
    PCollectionTuple inputs;
    if (options.getTransactions() != null) {
      inputs = PCollectionTuple.of(TRANSACTION_LINES, pipeline.apply("ReadTransactions", ReadLines.from(options.getTransactions())));
      if (options.getQueries() != null) {
        inputs = inputs.and(QUERY_LINES, pipeline.apply("ReadQueries", ReadLines.from(options.getQueries())));
      }
    } else if (options.getQueries() != null) {
      throw new IllegalArgumentException("--queries needs --transactions: queries alone have no stock to ask about");
    } else {
      InventoryGenerator generator = generator(options);
      long records = options.getGeneratorRecords();
      inputs =
          PCollectionTuple.of(TRANSACTION_LINES, pipeline.apply("GenerateTransactions", GeneratorOptions.lines(options, generator.transactions(), records)))
              .and(QUERY_LINES, pipeline.apply("GenerateQueries", GeneratorOptions.lines(options, generator.queries(), generator.queriesFor(records))));
    }
    PCollectionTuple outputs = inputs.apply("TrackInventory", track);
    SUFFIXES.forEach(
        (tag, suffix) ->
            outputs.get(tag).apply("Write" + suffix, WriteLines.toFilesOrLog(JobOptions.besideOutput(options, suffix), tag.getId())));
    outputs.get(DEAD_LETTERS).apply("WriteDeadLetters", WriteLines.toFilesOrLog(options.getDeadLetterOutput(), "dead-letter"));
  }

  /** The generator the options describe. */
  public static InventoryGenerator generator(InventoryOptions options) {
    return new InventoryGenerator(
        options.getGeneratorSeed(),
        GeneratorOptions.GENERATOR_START,
        Durations.parse(options.getGeneratorInterval()).getMillis(),
        Durations.parse(options.getGeneratorMaxDisorder()).getMillis(),
        options.getGeneratorItems(),
        options.getGeneratorQueryEvery(),
        options.getGeneratorMalformedFraction());
  }

  /** What the job computes; the options are checked when it is built. */
  public static TrackInventory trackInventory(InventoryOptions options) {
    if (!(options.getAlertAbove() >= 0 && options.getAlertAbove() <= 1)) {
      throw new IllegalArgumentException("--alertAbove is a rate from 0 to 1, not " + options.getAlertAbove());
    }
    return new TrackInventory(
        Durations.parse(options.getForgetAfter()),
        WindowSpec.parse(options.getFailureRateWindow()),
        options.getAlertAbove());
  }

  /** Transaction and query lines in, the job's JSON outputs out. */
  public static final class TrackInventory extends PTransform<PCollectionTuple, PCollectionTuple> {
    private final Duration forgetAfter;
    private final WindowSpec window;
    private final double alertAbove;

    TrackInventory(Duration forgetAfter, WindowSpec window, double alertAbove) {
      this.forgetAfter = forgetAfter;
      this.window = window;
      this.alertAbove = alertAbove;
    }

    @Override
    public PCollectionTuple expand(PCollectionTuple lines) {
      Parsed<Event> transactions = lines.get(TRANSACTION_LINES).apply("ParseTransactions", ParseLines.with(new StockTransactionParser()));
      PCollectionList<Event> events = PCollectionList.of(transactions.records());
      PCollectionList<DeadLetter> deadLetters = PCollectionList.of(transactions.deadLetters());
      if (lines.has(QUERY_LINES)) {
        Parsed<Event> queries = lines.get(QUERY_LINES).apply("ParseQueries", ParseLines.with(new StockQueryParser()));
        events = events.and(queries.records());
        deadLetters = deadLetters.and(queries.deadLetters());
      }
      PCollectionTuple ledger =
          events
              .apply("AllEvents", Flatten.pCollections())
              .apply("InventoryLedger", InventoryLedger.forgettingAfter(forgetAfter));

      PCollection<KV<String, Boolean>> outcomes =
          PCollectionList.of(
                  ledger.get(InventoryLedger.APPLIED)
                      .apply("AppliedOutcome", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.booleans()))
                          .via(a -> KV.of(a.transaction().itemId(), false))))
              .and(
                  ledger.get(InventoryLedger.REJECTED)
                      .apply("RejectedOutcome", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.booleans()))
                          .via(r -> KV.of(r.transaction().itemId(), true))))
              .apply("AllOutcomes", Flatten.pCollections())
              .setCoder(KvCoder.of(StringUtf8Coder.of(), BooleanCoder.of()));
      PCollection<KV<String, Rate>> rates = outcomes.apply("FailureRatePerItem", FailureRatePerItem.of(window, alertAbove));

      return PCollectionTuple.of(ANSWERS, json(ledger.get(InventoryLedger.ANSWERS), "FormatAnswers", InventoryLedger.Answer::toJson))
          .and(STOCK, json(ledger.get(InventoryLedger.APPLIED), "FormatStock", InventoryLedger.Applied::toJson))
          .and(REJECTED, json(ledger.get(InventoryLedger.REJECTED), "FormatRejected", InventoryLedger.Rejected::toJson))
          .and(FAILURE_RATES, rates.apply("FormatFailureRates", FormatPanesAsJson.withFields(TrackInventory::writeRate)))
          .and(
              ALERTS,
              rates
                  .apply("Alerting", Filter.by(rate -> rate.getValue().alert()))
                  .apply("FormatAlerts", FormatPanesAsJson.withFields(TrackInventory::writeRate)))
          .and(
              DEAD_LETTERS,
              deadLetters.apply("AllDeadLetters", Flatten.pCollections()).apply("FormatDeadLetters", DeadLettersAsJson.create()));
    }

    private static <T> PCollection<String> json(
        PCollection<T> records, String name, org.apache.beam.sdk.transforms.SerializableFunction<T, String> format) {
      return records.apply(name, MapElements.into(TypeDescriptors.strings()).via(format));
    }

    private static void writeRate(Rate rate, ObjectNode json) {
      json.put("transactions", rate.transactions());
      json.put("rejected", rate.rejected());
      json.put("failureRate", rate.failureRate());
      json.put("alert", rate.alert());
    }
  }
}
