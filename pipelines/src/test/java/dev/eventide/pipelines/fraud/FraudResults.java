package dev.eventide.pipelines.fraud;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventide.transforms.io.BankGenerator;
import dev.eventide.transforms.io.LineGenerator;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;

/**
 * What the fraud job must write, computed without Beam: each well-formed transaction line checked
 * against the lists as of its time and against the other transactions of its customer in the
 * same fixed window (aligned to the epoch). JSON built field by field here, not by the job's own
 * formatting.
 */
public final class FraudResults {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

  /** The flagged transactions, one JSON line per transaction line (a repeated line counts twice). */
  public final List<String> flagged = new ArrayList<>();

  /** How many transaction lines were malformed. */
  public int malformed;

  /** How many flagged transactions broke each rule. */
  public final Map<String, Integer> perRule = new HashMap<>();

  /** A listed key and the event time (millis) from which it applies. */
  public record Listing(String key, long from) {}

  private record Tx(String line, String id, long time, String city, String customer, String card) {}

  public static FraudResults of(
      List<String> transactionLines, List<Listing> alarmed, List<Listing> lost, long windowMillis, int excessiveAbove) {
    FraudResults r = new FraudResults();
    List<Tx> txs = new ArrayList<>();
    for (String line : transactionLines) {
      Tx tx = parse(line);
      if (tx == null) {
        r.malformed++;
      } else {
        txs.add(tx);
      }
    }
    Map<String, List<Tx>> windows = new HashMap<>();
    for (Tx tx : txs) {
      windows.computeIfAbsent(tx.customer + "|" + Math.floorDiv(tx.time, windowMillis), k -> new ArrayList<>()).add(tx);
    }
    for (Tx tx : txs) {
      List<String> rules = new ArrayList<>();
      if (listed(alarmed, tx.customer, tx.time)) {
        rules.add("ALARMED_CUSTOMER");
      }
      if (listed(lost, tx.card, tx.time)) {
        rules.add("LOST_CARD");
      }
      List<Tx> window = windows.get(tx.customer + "|" + Math.floorDiv(tx.time, windowMillis));
      if (window.size() > excessiveAbove) {
        rules.add("EXCESSIVE_TRANSACTIONS");
      }
      Set<String> cities = new HashSet<>();
      window.forEach(other -> cities.add(other.city));
      if (cities.size() > 1) {
        rules.add("CITY_CHANGE");
      }
      if (rules.isEmpty()) {
        continue;
      }
      rules.forEach(rule -> r.perRule.merge(rule, 1, Integer::sum));
      ObjectNode json = JSON.createObjectNode().put("transactionId", tx.id).put("customerId", tx.customer).put("cardNumber", tx.card);
      ArrayNode names = json.putArray("rules");
      rules.forEach(names::add);
      r.flagged.add(json.put("transaction", tx.line).toString());
    }
    return r;
  }

  /**
   * The independent result. In a stream each listing applies from the time the generator sends
   * it; a bounded source stamps every line with the start of time, so in batch the lists apply
   * throughout.
   */
  public static FraudResults ofGenerator(FraudOptions options, boolean streaming) {
    BankGenerator generator = FraudJob.generator(options);
    long records = options.getGeneratorRecords();
    List<String> transactions = new ArrayList<>();
    for (long i = 0; i < records; i++) {
      transactions.add(generator.transaction(i));
    }
    return of(
        transactions,
        listings(generator.alarmedCustomers(records), generator.alarmedCount(), streaming),
        listings(generator.lostCards(records), generator.lostCount(), streaming),
        10_000,
        options.getExcessiveAbove());
  }

  private static List<Listing> listings(LineGenerator lines, long count, boolean streaming) {
    List<Listing> listings = new ArrayList<>();
    for (long j = 0; j < count; j++) {
      long from = streaming ? lines.watermarkAfter(j).getMillis() : BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis();
      listings.add(new Listing(lines.line(j).split(",")[0], from));
    }
    return listings;
  }

  private static boolean listed(List<Listing> list, String key, long time) {
    return list.stream().anyMatch(l -> l.key.equals(key) && l.from <= time);
  }

  /** The transaction on a line, or null when the line is malformed. */
  private static Tx parse(String line) {
    String[] f = line.split(",", -1);
    if (f.length != 7) {
      return null;
    }
    for (String field : f) {
      if (field.isBlank()) {
        return null;
      }
    }
    long time;
    try {
      time = LocalDateTime.parse(f[1].trim(), TIMESTAMP).toInstant(ZoneOffset.UTC).toEpochMilli();
      new BigDecimal(f[6].trim());
    } catch (DateTimeParseException | NumberFormatException e) {
      return null;
    }
    return new Tx(line, f[0].trim(), time, f[2].trim(), f[3].trim(), f[5].trim());
  }
}
