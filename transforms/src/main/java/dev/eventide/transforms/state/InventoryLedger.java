package dev.eventide.transforms.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventide.transforms.io.FormatPanesAsJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Each item's stock, kept in keyed state: stock transactions (received: positive, sold: negative)
 * change it, and queries read it. Events are applied in event-time order once the watermark passes
 * them, so the answer to a query is the stock as of the query's time whatever order the events
 * came in; at one instant, transactions come before queries.
 *
 * <ul>
 *   <li>A transaction that would make the stock negative, or larger than a long holds, is rejected, with the reason, and never
 *       applied ({@link #REJECTED}); the others are applied ({@link #APPLIED}).
 *   <li>A query is answered with the stock as of its time ({@link #ANSWERS}); an item with no
 *       stock record, or one forgotten, is unknown.
 *   <li>An item unchanged for {@code forgetAfter} of event time has its state cleared by a timer,
 *       so state does not grow without bound.
 * </ul>
 *
 * <p>Pending events wait in a bag state sorted when a timer fires, not in {@code
 * OrderedListState}, which loses elements sharing a timestamp on the FlinkRunner (apache/beam
 * issue 39782).
 */
public final class InventoryLedger extends PTransform<PCollection<InventoryLedger.Event>, PCollectionTuple> {

  public static final TupleTag<Applied> APPLIED = new TupleTag<>("applied") {};
  public static final TupleTag<Rejected> REJECTED = new TupleTag<>("rejected") {};
  public static final TupleTag<Answer> ANSWERS = new TupleTag<>("answers") {};

  private final Duration forgetAfter;

  private InventoryLedger(Duration forgetAfter) {
    this.forgetAfter = forgetAfter;
  }

  /** Items unchanged for {@code forgetAfter} of event time are forgotten. */
  public static InventoryLedger forgettingAfter(Duration forgetAfter) {
    return new InventoryLedger(forgetAfter);
  }

  /**
   * A stock transaction ({@code query == false}: {@code change} units of {@code itemId}) or a
   * query ({@code query == true}: {@code id} asks for {@code itemId}'s stock), at {@code time}.
   */
  public record Event(String id, String itemId, long change, boolean query, Instant time) {
    public static Event transaction(String id, String itemId, long change, Instant time) {
      return new Event(id, itemId, change, false, time);
    }

    public static Event query(String id, String itemId, Instant time) {
      return new Event(id, itemId, 0, true, time);
    }
  }

  /** A transaction that was applied, and the item's stock after it. */
  public record Applied(Event transaction, long stock) {
    /** {@code {"itemId":"apple","change":-3,"stock":2,"time":"…","transaction":"<line>"}}. */
    public String toJson() {
      ObjectNode json = JSON.createObjectNode();
      json.put("itemId", transaction.itemId());
      json.put("change", transaction.change());
      json.put("stock", stock);
      json.put("time", FormatPanesAsJson.isoInstant(transaction.time()));
      json.put("transaction", transaction.id());
      return json.toString();
    }
  }

  /** A transaction that was not applied, and why. */
  public record Rejected(Event transaction, long stock, String reason) {
    /** {@code {"itemId":"apple","change":-4,"stock":2,"time":"…","reason":"…","transaction":"<line>"}}. */
    public String toJson() {
      ObjectNode json = JSON.createObjectNode();
      json.put("itemId", transaction.itemId());
      json.put("change", transaction.change());
      json.put("stock", stock);
      json.put("time", FormatPanesAsJson.isoInstant(transaction.time()));
      json.put("reason", reason);
      json.put("transaction", transaction.id());
      return json.toString();
    }
  }

  /** The stock of an item as of a query's time; {@code known} is false for an unknown item. */
  public record Answer(String queryId, String itemId, boolean known, long stock, Instant asOf) {
    /** {@code {"queryId":"q1","itemId":"apple","known":true,"stock":2,"asOf":"…"}}; stock null when unknown. */
    public String toJson() {
      ObjectNode json = JSON.createObjectNode();
      json.put("queryId", queryId);
      json.put("itemId", itemId);
      json.put("known", known);
      if (known) {
        json.put("stock", stock);
      } else {
        json.putNull("stock");
      }
      json.put("asOf", FormatPanesAsJson.isoInstant(asOf));
      return json.toString();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Counters of the ledger, in namespace {@value #COUNTERS}. */
  public static final String COUNTERS = "eventide.inventory";

  @Override
  public PCollectionTuple expand(PCollection<Event> events) {
    PCollectionTuple out =
        events
            .apply("AcrossWindows", Window.into(new GlobalWindows()))
            .apply("ByItem", WithKeys.of(Event::itemId).withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), EventCoder.INSTANCE))
            .apply(
                "Ledger",
                ParDo.of(new LedgerFn(forgetAfter))
                    .withOutputTags(APPLIED, TupleTagList.of(REJECTED).and(ANSWERS)));
    out.get(APPLIED).setCoder(AppliedCoder.INSTANCE);
    out.get(REJECTED).setCoder(RejectedCoder.INSTANCE);
    out.get(ANSWERS).setCoder(AnswerCoder.INSTANCE);
    return out;
  }

  private static final class LedgerFn extends DoFn<KV<String, Event>, Applied> {
    private final Duration forgetAfter;
    private final Counter applied = Metrics.counter(COUNTERS, "applied");
    private final Counter rejected = Metrics.counter(COUNTERS, "rejected");
    private final Counter answered = Metrics.counter(COUNTERS, "answered");
    private final Counter forgotten = Metrics.counter(COUNTERS, "forgotten");

    @StateId("pending")
    private final StateSpec<BagState<Event>> pendingSpec = StateSpecs.bag(EventCoder.INSTANCE);

    @StateId("stock")
    private final StateSpec<ValueState<Long>> stockSpec = StateSpecs.value(VarLongCoder.of());

    @StateId("lastChange")
    private final StateSpec<ValueState<Instant>> lastChangeSpec = StateSpecs.value(InstantCoder.of());

    /** The earliest pending event's time: the apply timer is set there. */
    @StateId("applyAt")
    private final StateSpec<ValueState<Instant>> applyAtSpec = StateSpecs.value(InstantCoder.of());

    @TimerId("apply")
    private final TimerSpec applySpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @TimerId("forget")
    private final TimerSpec forgetSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    LedgerFn(Duration forgetAfter) {
      this.forgetAfter = forgetAfter;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Event> element,
        @StateId("pending") BagState<Event> pending,
        @StateId("applyAt") ValueState<Instant> applyAt,
        @TimerId("apply") Timer apply) {
      Event event = element.getValue();
      pending.add(event);
      Instant at = applyAt.read();
      if (at == null || event.time().isBefore(at)) {
        applyAt.write(event.time());
        apply.withOutputTimestamp(event.time()).set(event.time());
      }
    }

    /** Why {@code stock} cannot take a transaction (an overdraft, or more than a long holds), or null. */
    private static String rejection(long stock, Event e) {
      long after;
      try {
        after = Math.addExact(stock, e.change());
      } catch (ArithmeticException overflow) {
        return "stock " + stock + " of " + e.itemId() + " cannot take " + e.change() + ": more than a stock can hold";
      }
      return after < 0 ? "stock " + stock + " of " + e.itemId() + " cannot take " + e.change() : null;
    }

    @OnTimer("apply")
    public void onApply(
        @Timestamp Instant now,
        @StateId("pending") BagState<Event> pending,
        @StateId("stock") ValueState<Long> stock,
        @StateId("lastChange") ValueState<Instant> lastChange,
        @StateId("applyAt") ValueState<Instant> applyAt,
        @TimerId("apply") Timer apply,
        @TimerId("forget") Timer forget,
        MultiOutputReceiver out) {
      List<Event> due = new ArrayList<>();
      List<Event> later = new ArrayList<>();
      for (Event e : pending.read()) {
        (e.time().isAfter(now) ? later : due).add(e);
      }
      // In event-time order; at one instant transactions first, then queries.
      due.sort(Comparator.comparing(Event::time).thenComparing(Event::query).thenComparing(Event::id));
      Long current = stock.read();
      Instant last = lastChange.read();
      for (Event e : due) {
        if (current != null && !last.plus(forgetAfter).isAfter(e.time())) {
          // Idle for forgetAfter by this event's time, whether or not the forget timer has fired
          // yet: timers of one instant have no order between them.
          current = null;
          stock.clear();
          lastChange.clear();
          forgotten.inc();
        }
        if (e.query()) {
          answered.inc();
          out.get(ANSWERS)
              .outputWithTimestamp(
                  new Answer(e.id(), e.itemId(), current != null, current == null ? 0 : current, e.time()), e.time());
        } else if (rejection(current == null ? 0 : current, e) != null) {
          long have = current == null ? 0 : current;
          rejected.inc();
          out.get(REJECTED).outputWithTimestamp(new Rejected(e, have, rejection(have, e)), e.time());
        } else {
          current = (current == null ? 0 : current) + e.change();
          last = e.time();
          lastChange.write(last);
          applied.inc();
          out.get(APPLIED).outputWithTimestamp(new Applied(e, current), e.time());
          forget.withNoOutputTimestamp().set(e.time().plus(forgetAfter));
        }
      }
      if (current != null) {
        stock.write(current);
      }
      pending.clear();
      later.forEach(pending::add);
      Instant next = later.stream().map(Event::time).min(Comparator.naturalOrder()).orElse(null);
      if (next == null) {
        applyAt.clear();
      } else {
        applyAt.write(next);
        apply.withOutputTimestamp(next).set(next);
      }
    }

    @OnTimer("forget")
    public void onForget(
        @Timestamp Instant now,
        @StateId("stock") ValueState<Long> stock,
        @StateId("lastChange") ValueState<Instant> lastChange) {
      Instant last = lastChange.read();
      if (last != null && !last.plus(forgetAfter).isAfter(now)) {
        stock.clear();
        lastChange.clear();
        forgotten.inc();
      }
    }
  }

  public static final class EventCoder extends AtomicCoder<Event> {
    public static final EventCoder INSTANCE = new EventCoder();

    @Override
    public void encode(Event e, OutputStream out) throws IOException {
      StringUtf8Coder.of().encode(e.id(), out);
      StringUtf8Coder.of().encode(e.itemId(), out);
      VarLongCoder.of().encode(e.change(), out);
      BooleanCoder.of().encode(e.query(), out);
      InstantCoder.of().encode(e.time(), out);
    }

    @Override
    public Event decode(InputStream in) throws IOException {
      return new Event(
          StringUtf8Coder.of().decode(in),
          StringUtf8Coder.of().decode(in),
          VarLongCoder.of().decode(in),
          BooleanCoder.of().decode(in),
          InstantCoder.of().decode(in));
    }
  }

  public static final class AppliedCoder extends AtomicCoder<Applied> {
    public static final AppliedCoder INSTANCE = new AppliedCoder();

    @Override
    public void encode(Applied a, OutputStream out) throws IOException {
      EventCoder.INSTANCE.encode(a.transaction(), out);
      VarLongCoder.of().encode(a.stock(), out);
    }

    @Override
    public Applied decode(InputStream in) throws IOException {
      return new Applied(EventCoder.INSTANCE.decode(in), VarLongCoder.of().decode(in));
    }
  }

  public static final class RejectedCoder extends AtomicCoder<Rejected> {
    public static final RejectedCoder INSTANCE = new RejectedCoder();

    @Override
    public void encode(Rejected r, OutputStream out) throws IOException {
      EventCoder.INSTANCE.encode(r.transaction(), out);
      VarLongCoder.of().encode(r.stock(), out);
      StringUtf8Coder.of().encode(r.reason(), out);
    }

    @Override
    public Rejected decode(InputStream in) throws IOException {
      return new Rejected(EventCoder.INSTANCE.decode(in), VarLongCoder.of().decode(in), StringUtf8Coder.of().decode(in));
    }
  }

  public static final class AnswerCoder extends AtomicCoder<Answer> {
    public static final AnswerCoder INSTANCE = new AnswerCoder();

    @Override
    public void encode(Answer a, OutputStream out) throws IOException {
      StringUtf8Coder.of().encode(a.queryId(), out);
      StringUtf8Coder.of().encode(a.itemId(), out);
      BooleanCoder.of().encode(a.known(), out);
      VarLongCoder.of().encode(a.stock(), out);
      InstantCoder.of().encode(a.asOf(), out);
    }

    @Override
    public Answer decode(InputStream in) throws IOException {
      return new Answer(
          StringUtf8Coder.of().decode(in),
          StringUtf8Coder.of().decode(in),
          BooleanCoder.of().decode(in),
          VarLongCoder.of().decode(in),
          InstantCoder.of().decode(in));
    }
  }
}
