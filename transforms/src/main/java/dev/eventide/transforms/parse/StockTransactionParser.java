package dev.eventide.transforms.parse;

import dev.eventide.transforms.state.InventoryLedger;
import dev.eventide.transforms.state.InventoryLedger.Event;
import org.apache.beam.sdk.coders.Coder;
import org.joda.time.Instant;

/**
 * A stock transaction: {@code itemId,change,time}, e.g. {@code apple,-3,2018-06-01 10:15:00};
 * {@code change} is a whole number of units (positive: received, negative: sold) and {@code time},
 * the event time, is {@code yyyy-MM-dd HH:mm:ss} (UTC) or ISO-8601. A transaction is known by
 * its line, as read.
 */
public final class StockTransactionParser implements LineParser<Event> {

  @Override
  public Event parse(String line) throws InvalidRecordException {
    String[] f = Fields.split(line, "itemId", "change", "time");
    return Event.transaction(
        line, Fields.text("itemId", f[0]), Fields.wholeNumber("change", f[1]), Fields.time("time", f[2]));
  }

  @Override
  public Instant eventTime(Event event) {
    return event.time();
  }

  @Override
  public Coder<Event> coder() {
    return InventoryLedger.EventCoder.INSTANCE;
  }

  @Override
  public String name() {
    return "stockTransactions";
  }
}
