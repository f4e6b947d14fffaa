package dev.eventide.pipelines.inventory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventide.transforms.io.InventoryGenerator;
import dev.eventide.transforms.state.InventoryLedger.Event;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.joda.time.Duration;

/**
 * What the inventory job must write, computed without Beam: every event in event-time order
 * (transactions before queries at one instant), a transaction rejected when it would make the
 * stock negative, an item forgotten once it has been unchanged for {@code
 * forgetAfter}. JSON built field by field here, not by the job's own formatting.
 */
public final class InventoryResults {

  private static final ObjectMapper JSON = new ObjectMapper();

  public final List<String> answers = new ArrayList<>();
  public final List<String> stock = new ArrayList<>();
  public final List<String> rejected = new ArrayList<>();
  public final Map<String, Long> finalStock = new HashMap<>();

  public static InventoryResults of(InventoryGenerator generator, long transactions, Duration forgetAfter) {
    List<Event> events = new ArrayList<>();
    for (long i = 0; i < transactions; i++) {
      generator.transaction(i).ifPresent(events::add);
    }
    for (long j = 0; j < generator.queriesFor(transactions); j++) {
      generator.query(j).ifPresent(events::add);
    }
    return of(events, forgetAfter);
  }

  public static InventoryResults of(List<Event> events, Duration forgetAfter) {
    InventoryResults r = new InventoryResults();
    List<Event> ordered = new ArrayList<>(events);
    ordered.sort(Comparator.comparing(Event::time).thenComparing(Event::query).thenComparing(Event::id));
    Map<String, long[]> items = new HashMap<>(); // stock, time of last change
    for (Event e : ordered) {
      long[] item = items.get(e.itemId());
      if (item != null && item[1] + forgetAfter.getMillis() <= e.time().getMillis()) {
        items.remove(e.itemId());
        item = null;
      }
      String time = java.time.Instant.ofEpochMilli(e.time().getMillis()).toString();
      if (e.query()) {
        ObjectNode json = JSON.createObjectNode().put("queryId", e.id()).put("itemId", e.itemId()).put("known", item != null);
        if (item != null) {
          json.put("stock", item[0]);
        } else {
          json.putNull("stock");
        }
        r.answers.add(json.put("asOf", time).toString());
      } else {
        long have = item == null ? 0 : item[0];
        if (have + e.change() < 0) {
          r.rejected.add(
              JSON.createObjectNode().put("itemId", e.itemId()).put("change", e.change()).put("stock", have).put("time", time)
                  .put("reason", "stock " + have + " of " + e.itemId() + " cannot take " + e.change())
                  .put("transaction", e.id()).toString());
        } else {
          items.put(e.itemId(), new long[] {have + e.change(), e.time().getMillis()});
          r.stock.add(
              JSON.createObjectNode().put("itemId", e.itemId()).put("change", e.change()).put("stock", have + e.change())
                  .put("time", time).put("transaction", e.id()).toString());
        }
      }
    }
    items.forEach((item, s) -> r.finalStock.put(item, s[0]));
    return r;
  }
}
