package dev.eventide.transforms.rules;

import dev.eventide.transforms.model.CardTransaction;
import dev.eventide.transforms.state.FlagListedKeys;
import dev.eventide.transforms.windowing.FlagWindows;
import dev.eventide.transforms.windowing.RouteLateRecords;
import dev.eventide.transforms.windowing.WindowSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.SetState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The summary's bank fraud rules over card transactions, each transaction that breaks any of them
 * coming out once with every rule it broke:
 *
 * <ul>
 *   <li>{@link FraudRule#ALARMED_CUSTOMER}: its customer id is on the alarmed list;
 *   <li>{@link FraudRule#LOST_CARD}: its card number is on the lost-card list;
 *   <li>{@link FraudRule#EXCESSIVE_TRANSACTIONS}: its customer made more than {@code
 *       excessiveAbove} transactions in the window (summary: more than 10 in 10 seconds);
 *   <li>{@link FraudRule#CITY_CHANGE}: its customer's transactions in the window come from more
 *       than one city.
 * </ul>
 *
 * The lists are streams (a file is a stream that starts at the beginning of time), held in keyed
 * state by {@link FlagListedKeys}; a listing applies to transactions from its own time on. The
 * window rules flag every transaction of a window that breaks them. The flags of one transaction
 * meet in a {@link SetState} keyed by the transaction, and go out together once the watermark
 * has passed the last window that could still flag it.
 */
public final class FraudRules extends PTransform<PCollection<CardTransaction>, PCollectionTuple> {

  /** Each transaction that broke a rule, once, with every rule it broke. */
  public static final TupleTag<FlaggedTransaction> FLAGGED = new TupleTag<>("flagged") {};

  /**
   * Unbounded input only: transactions that came after their window closed, which the window
   * rules cannot judge (the list rules still do).
   */
  public static final TupleTag<RouteLateRecords.LateRecord> LATE = RouteLateRecords.LATE;

  /** Counters in this namespace: one per rule, and {@code flaggedTransactions}. */
  public static final String COUNTERS = "eventide.fraud";

  /** A flag: the rule broken and the transaction. */
  private static final KvCoder<String, CardTransaction> FLAG_CODER =
      KvCoder.of(StringUtf8Coder.of(), CardTransaction.CardTransactionCoder.of());

  private final PCollection<String> alarmedCustomers;
  private final PCollection<String> lostCards;
  private final WindowSpec window;
  private final int excessiveAbove;

  private FraudRules(PCollection<String> alarmedCustomers, PCollection<String> lostCards, WindowSpec window, int excessiveAbove) {
    this.alarmedCustomers = alarmedCustomers;
    this.lostCards = lostCards;
    this.window = window;
    this.excessiveAbove = excessiveAbove;
  }

  /**
   * The rules with these lists (customer ids, card numbers), windows ({@code fixed} or {@code
   * sliding}) and threshold of transactions per window.
   */
  public static FraudRules of(PCollection<String> alarmedCustomers, PCollection<String> lostCards, WindowSpec window, int excessiveAbove) {
    check(window, excessiveAbove);
    return new FraudRules(alarmedCustomers, lostCards, window, excessiveAbove);
  }

  /**
   * Throws {@link IllegalArgumentException} unless the window is fixed or sliding and the
   * threshold is 0 or more: for a job that checks its options before it has the lists.
   */
  public static void check(WindowSpec window, int excessiveAbove) {
    if (window.kind() != WindowSpec.Kind.FIXED && window.kind() != WindowSpec.Kind.SLIDING) {
      throw new IllegalArgumentException("the fraud rules' window is fixed:<size> or sliding:<size>,<period>, not " + window);
    }
    if (excessiveAbove < 0) {
      throw new IllegalArgumentException("the threshold of transactions per window is 0 or more, not " + excessiveAbove);
    }
  }

  @Override
  public PCollectionTuple expand(PCollection<CardTransaction> transactions) {
    PCollection<CardTransaction> onTime = transactions;
    PCollectionTuple routed = null;
    if (transactions.isBounded() == PCollection.IsBounded.UNBOUNDED) {
      // Only an unbounded input has a watermark that can leave transactions behind their window.
      RouteLateRecords<CardTransaction> router =
          RouteLateRecords.of(window, Duration.ZERO, CardTransaction::customerId, CardTransaction::line);
      routed = transactions.apply("RouteLateTransactions", router);
      onTime = routed.get(router.onTime);
    }
    int above = excessiveAbove;
    // One grouping per customer and window serves both window rules.
    PCollection<KV<String, CardTransaction>> windowFlags =
        onTime
            .apply(
                "WindowRules",
                FlagWindows.<CardTransaction>of(window, CardTransaction::customerId)
                    .rule(FraudRule.EXCESSIVE_TRANSACTIONS.name(), (List<CardTransaction> w) -> w.size() > above)
                    .rule(FraudRule.CITY_CHANGE.name(), (List<CardTransaction> w) -> w.stream().map(CardTransaction::city).distinct().count() > 1))
            .apply("WindowFlagsAcrossWindows", Window.into(new GlobalWindows()));
    PCollection<FlaggedTransaction> flagged =
        PCollectionList.of(
                listed(transactions.apply("AlarmedCustomers", FlagListedKeys.whoseKey(CardTransaction::customerId, alarmedCustomers)),
                    FraudRule.ALARMED_CUSTOMER))
            .and(listed(transactions.apply("LostCards", FlagListedKeys.whoseKey(CardTransaction::cardNumber, lostCards)), FraudRule.LOST_CARD))
            .and(windowFlags)
            .apply("AllFlags", Flatten.pCollections())
            .apply("ByTransaction", MapElements.into(new TypeDescriptor<KV<String, KV<String, CardTransaction>>>() {})
                .via((KV<String, CardTransaction> flag) -> KV.of(flag.getValue().occurrence(), flag)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), FLAG_CODER))
            .apply("MergeFlagsPerTransaction", ParDo.of(new MergeFn(window.size())))
            .setCoder(FlaggedTransaction.FlaggedTransactionCoder.of());
    PCollectionTuple out = PCollectionTuple.of(FLAGGED, flagged);
    return routed == null ? out : out.and(LATE, routed.get(RouteLateRecords.LATE));
  }

  /** (rule, transaction) for each transaction a list rule flagged (in the global window already). */
  private static PCollection<KV<String, CardTransaction>> listed(PCollection<CardTransaction> flagged, FraudRule rule) {
    return flagged
        .apply(rule + "Flags", MapElements.into(new TypeDescriptor<KV<String, CardTransaction>>() {}).via(t -> KV.of(rule.name(), t)))
        .setCoder(FLAG_CODER);
  }

  /**
   * Collects the rules one transaction broke. The last flag can come at the end of the last
   * window holding the transaction, no later than its time plus the window size: then they all go
   * out together.
   */
  private static final class MergeFn extends DoFn<KV<String, KV<String, CardTransaction>>, FlaggedTransaction> {
    private final Duration windowSize;
    private final Counter flagged = Metrics.counter(COUNTERS, "flaggedTransactions");

    @StateId("rules")
    private final StateSpec<SetState<String>> rulesSpec = StateSpecs.set(StringUtf8Coder.of());

    @StateId("transaction")
    private final StateSpec<ValueState<CardTransaction>> transactionSpec = StateSpecs.value(CardTransaction.CardTransactionCoder.of());

    @TimerId("emit")
    private final TimerSpec emitSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    MergeFn(Duration windowSize) {
      this.windowSize = windowSize;
    }

    @ProcessElement
    public void process(
        @Element KV<String, KV<String, CardTransaction>> flag,
        @StateId("rules") SetState<String> rules,
        @StateId("transaction") ValueState<CardTransaction> transaction,
        @TimerId("emit") Timer emit) {
      CardTransaction t = flag.getValue().getValue();
      rules.add(flag.getValue().getKey());
      Metrics.counter(COUNTERS, flag.getValue().getKey()).inc();
      if (transaction.read() == null) {
        transaction.write(t);
        emit.set(t.time().plus(windowSize));
      }
    }

    @OnTimer("emit")
    public void onEmit(
        @StateId("rules") SetState<String> rules,
        @StateId("transaction") ValueState<CardTransaction> transaction,
        OutputReceiver<FlaggedTransaction> out) {
      List<FraudRule> broken = new ArrayList<>();
      rules.read().forEach(name -> broken.add(FraudRule.valueOf(name)));
      broken.sort(null);
      flagged.inc();
      out.output(new FlaggedTransaction(transaction.read(), List.copyOf(broken)));
      rules.clear();
      transaction.clear();
    }
  }
}
