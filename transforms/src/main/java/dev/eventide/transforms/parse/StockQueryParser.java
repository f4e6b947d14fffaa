package dev.eventide.transforms.parse;

import dev.eventide.transforms.state.InventoryLedger;
import dev.eventide.transforms.state.InventoryLedger.Event;
import org.apache.beam.sdk.coders.Coder;
import org.joda.time.Instant;

/**
 * A stock query: {@code queryId,itemId,time}, e.g. {@code q17,apple,2018-06-01 10:16:00}: what
 * was the stock of {@code itemId} at {@code time} ({@code yyyy-MM-dd HH:mm:ss} UTC or ISO-8601).
 */
public final class StockQueryParser implements LineParser<Event> {

  @Override
  public Event parse(String line) throws InvalidRecordException {
    String[] f = Fields.split(line, "queryId", "itemId", "time");
    return Event.query(Fields.text("queryId", f[0]), Fields.text("itemId", f[1]), Fields.time("time", f[2]));
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
    return "stockQueries";
  }
}
