package dev.eventide.pipelines.fraud;

import dev.eventide.pipelines.GeneratorOptions;
import dev.eventide.pipelines.Job;
import dev.eventide.pipelines.Launcher;
import dev.eventide.transforms.io.BankGenerator;
import dev.eventide.transforms.io.ReadLines;
import dev.eventide.transforms.io.WriteLines;
import dev.eventide.transforms.model.CardTransaction;
import dev.eventide.transforms.model.DeadLetter;
import dev.eventide.transforms.parse.CardTransactionParser;
import dev.eventide.transforms.parse.DeadLettersAsJson;
import dev.eventide.transforms.parse.ParseLines;
import dev.eventide.transforms.parse.Parsed;
import dev.eventide.transforms.parse.ReferenceListParser;
import dev.eventide.transforms.rules.FlaggedTransaction;
import dev.eventide.transforms.rules.FraudRules;
import dev.eventide.transforms.windowing.Durations;
import dev.eventide.transforms.windowing.RouteLateRecords;
import dev.eventide.transforms.windowing.WindowSpec;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The summary's bank fraud detection: card transactions checked against alarmed customers, lost
 * cards, excessive transactions and city changes per window; one JSON line per flagged
 * transaction naming every rule it broke.
 *
 * <pre>scripts/run.sh fraud --transactions=bank_data.txt --alarmedCustomers=alarmed_cust.txt \
 *     --lostCards=lost_cards.txt --output=out/fraud</pre>
 */
public final class FraudJob implements Job<FraudOptions> {

  public static void main(String[] args) {
    Launcher.mainOf(new FraudJob(), args);
  }

  @Override
  public String name() {
    return "fraud";
  }

  @Override
  public String description() {
    return "card transactions flagged by alarmed customer, lost card, excessive transactions, city change";
  }

  @Override
  public Class<FraudOptions> optionsClass() {
    return FraudOptions.class;
  }

  /** Inputs: lines of transactions, alarmed customers and lost cards. */
  public static final TupleTag<String> TRANSACTION_LINES = new TupleTag<>("transactionLines");

  public static final TupleTag<String> ALARMED_CUSTOMER_LINES = new TupleTag<>("alarmedCustomerLines");
  public static final TupleTag<String> LOST_CARD_LINES = new TupleTag<>("lostCardLines");

  /** Outputs, as JSON lines: flagged transactions, dead letters and (unbounded only) late ones. */
  public static final TupleTag<String> FLAGGED = new TupleTag<>("flagged");

  public static final TupleTag<String> DEAD_LETTERS = new TupleTag<>("deadLetters");
  public static final TupleTag<String> LATE = new TupleTag<>("late");

  @Override
  public void build(Pipeline pipeline, FraudOptions options) {
    DetectFraud detect = detectFraud(options);
    PCollectionTuple outputs = inputs(pipeline, options).apply("DetectFraud", detect);
    outputs.get(FLAGGED).apply("WriteFlagged", WriteLines.toFilesOrLog(options.getOutput(), "flagged"));
    outputs.get(DEAD_LETTERS).apply("WriteDeadLetters", WriteLines.toFilesOrLog(options.getDeadLetterOutput(), "dead-letter"));
    if (outputs.has(LATE)) {
      outputs.get(LATE).apply("WriteLate", WriteLines.toFilesOrLog(options.getLateOutput(), "late"));
    }
  }

  /** The three inputs: the files the options name, or the generator. */
  static PCollectionTuple inputs(Pipeline pipeline, FraudOptions options) {
    if (options.getTransactions() == null) {
      if (options.getAlarmedCustomers() != null || options.getLostCards() != null) {
        throw new IllegalArgumentException("--alarmedCustomers and --lostCards need --transactions");
      }
      BankGenerator generator = generator(options);
      long records = options.getGeneratorRecords();
      return PCollectionTuple.of(
              TRANSACTION_LINES, pipeline.apply("GenerateTransactions", GeneratorOptions.lines(options, generator.transactions(), records)))
          .and(
              ALARMED_CUSTOMER_LINES,
              pipeline.apply("GenerateAlarmedCustomers", GeneratorOptions.lines(options, generator.alarmedCustomers(records), generator.alarmedCount())))
          .and(
              LOST_CARD_LINES,
              pipeline.apply("GenerateLostCards", GeneratorOptions.lines(options, generator.lostCards(records), generator.lostCount())));
    }
    return PCollectionTuple.of(TRANSACTION_LINES, pipeline.apply("ReadTransactions", ReadLines.from(options.getTransactions())))
        .and(ALARMED_CUSTOMER_LINES, pipeline.apply("ReadAlarmedCustomers", fileOrNothing(options.getAlarmedCustomers())))
        .and(LOST_CARD_LINES, pipeline.apply("ReadLostCards", fileOrNothing(options.getLostCards())));
  }

  private static PTransform<PBegin, PCollection<String>> fileOrNothing(String pattern) {
    return pattern == null ? Create.empty(StringUtf8Coder.of()) : ReadLines.from(pattern);
  }

  /** The generator the options describe. */
  public static BankGenerator generator(FraudOptions options) {
    return new BankGenerator(
        options.getGeneratorSeed(),
        GeneratorOptions.GENERATOR_START,
        Durations.parse(options.getGeneratorInterval()).getMillis(),
        Durations.parse(options.getGeneratorMaxDisorder()).getMillis(),
        options.getGeneratorCustomers(),
        options.getGeneratorHotShare(),
        options.getGeneratorCityChangeShare(),
        options.getGeneratorMalformedFraction());
  }

  /** What the job computes; the options are checked when it is built. */
  public static DetectFraud detectFraud(FraudOptions options) {
    WindowSpec window = WindowSpec.parse(options.getRuleWindow());
    FraudRules.check(window, options.getExcessiveAbove());
    return new DetectFraud(window, options.getExcessiveAbove());
  }

  /** Lines of the three inputs in, flagged transactions and dead letters out, as JSON lines. */
  public static final class DetectFraud extends PTransform<PCollectionTuple, PCollectionTuple> {
    private final WindowSpec window;
    private final int excessiveAbove;

    DetectFraud(WindowSpec window, int excessiveAbove) {
      this.window = window;
      this.excessiveAbove = excessiveAbove;
    }

    @Override
    public PCollectionTuple expand(PCollectionTuple lines) {
      Parsed<CardTransaction> transactions =
          lines.get(TRANSACTION_LINES).apply("ParseTransactions", ParseLines.with(new CardTransactionParser()));
      Parsed<String> alarmed =
          lines.get(ALARMED_CUSTOMER_LINES).apply("ParseAlarmedCustomers", ParseLines.with(ReferenceListParser.alarmedCustomers()));
      Parsed<String> lost = lines.get(LOST_CARD_LINES).apply("ParseLostCards", ParseLines.with(ReferenceListParser.lostCards()));

      PCollectionTuple rules =
          transactions.records().apply("FraudRules", FraudRules.of(alarmed.records(), lost.records(), window, excessiveAbove));
      PCollection<String> flagged =
          rules.get(FraudRules.FLAGGED)
              .apply("FormatFlagged", MapElements.into(TypeDescriptors.strings()).via(FlaggedTransaction::toJson));
      PCollection<String> deadLetters =
          PCollectionList.<DeadLetter>of(transactions.deadLetters())
              .and(alarmed.deadLetters())
              .and(lost.deadLetters())
              .apply("AllDeadLetters", Flatten.pCollections())
              .apply("FormatDeadLetters", DeadLettersAsJson.create());
      PCollectionTuple out = PCollectionTuple.of(FLAGGED, flagged).and(DEAD_LETTERS, deadLetters);
      if (rules.has(FraudRules.LATE)) {
        out = out.and(
            LATE,
            rules.get(FraudRules.LATE)
                .apply("FormatLate", RouteLateRecords.asJson()));
      }
      return out;
    }
  }
}
