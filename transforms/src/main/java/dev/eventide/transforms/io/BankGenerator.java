package dev.eventide.transforms.io;

import java.io.Serializable;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;
import org.joda.time.Instant;

/**
 * A deterministic source of the summary's bank data: card transactions ({@code transaction
 * id,timestamp,city,customer id,account id,card number,amount}), alarmed customers ({@code
 * customer id,account id}) and lost cards ({@code card number,reported at,holder name,status}).
 * Every line depends only on the seed and its number.
 *
 * <p>Transaction {@code i} arrives at {@code start + maxDisorder + i * interval}, its timestamp
 * up to {@code maxDisorder} earlier, to the second as in the summary's files. A {@code hotShare}
 * of transactions belong to the "hot" customer of their 10-second stretch (bursts of many
 * transactions), a {@code cityChangeShare} come from a city other than the customer's home.
 * Every 7th customer is alarmed and every 11th customer's card is lost; as a stream, the
 * listings come spread over the transactions' time, so a listing applies from part way.
 */
public record BankGenerator(
    long seed,
    Instant start,
    long intervalMillis,
    long maxDisorderMillis,
    int customers,
    double hotShare,
    double cityChangeShare,
    double malformedFraction)
    implements Serializable {

  private static final List<String> CITIES =
      List.of("Chandigarh", "Surat", "Ludhiana", "Ahemdabad", "Pune", "Kolkata", "Delhi", "Chennai", "Bangalore", "Mumbai");
  private static final List<String> HOLDERS = List.of("John", "Allison", "Arthur", "Ana", "Alex", "Barry", "Bertha", "Bill");
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final long STRETCH_MILLIS = 10_000;

  public BankGenerator {
    if (intervalMillis <= 0 || maxDisorderMillis < 0 || customers <= 0) {
      throw new IllegalArgumentException("interval and customers must be > 0, disorder >= 0");
    }
    for (double share : new double[] {hotShare, cityChangeShare, malformedFraction}) {
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException("shares and fractions must lie in [0, 1]");
      }
    }
  }

  /** The transaction lines of {@code count} transactions. */
  public LineGenerator transactions() {
    return new Transactions(this);
  }

  /** The alarmed-customer lines, listed over the time of {@code transactions} transactions. */
  public LineGenerator alarmedCustomers(long transactions) {
    return new Listings(this, false, transactions);
  }

  /** The lost-card lines, listed over the time of {@code transactions} transactions. */
  public LineGenerator lostCards(long transactions) {
    return new Listings(this, true, transactions);
  }

  /** How many customers are alarmed. */
  public long alarmedCount() {
    return (customers + 3) / 7;
  }

  /** How many cards are lost. */
  public long lostCount() {
    return (customers + 5) / 11;
  }

  /** Transaction {@code i} as a line (malformed for a {@code malformedFraction} of them). */
  public String transaction(long i) {
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
    long arrival = start.getMillis() + maxDisorderMillis + i * intervalMillis;
    long time = arrival - random.nextLong(maxDisorderMillis + 1);
    boolean malformed = random.nextDouble() < malformedFraction;
    int customer =
        random.nextDouble() < hotShare
            ? (int) Math.floorMod(new SplittableRandom(seed + Math.floorDiv(arrival, STRETCH_MILLIS)).nextLong(), customers)
            : random.nextInt(customers);
    String city = random.nextDouble() < cityChangeShare ? CITIES.get(random.nextInt(CITIES.size())) : homeCity(customer);
    String id = letters(random, 4) + String.format("%06d", random.nextInt(1_000_000));
    String line =
        String.join(
            ",", id, TIMESTAMP.format(java.time.Instant.ofEpochMilli(time)), city, customerId(customer), accountId(customer),
            cardNumber(customer), String.valueOf(1 + random.nextInt(999)));
    if (!malformed) {
      return line;
    }
    return switch ((int) (i % 4)) {
      case 0 -> line.substring(0, line.lastIndexOf(',')); // a field missing
      case 1 -> line.replace(TIMESTAMP.format(java.time.Instant.ofEpochMilli(time)), "2018-13-01 00:00:00"); // no such date
      case 2 -> line.substring(0, line.lastIndexOf(',') + 1) + "12x"; // not a number
      default -> "," + line.substring(line.indexOf(',') + 1); // empty transaction id
    };
  }

  public String customerId(int customer) {
    return "id_" + customer + code(customer, 3).toLowerCase();
  }

  String accountId(int customer) {
    return code(customer, 2).toLowerCase() + String.format("%08d", Math.floorMod(seed * 31 + customer * 7_919L, 100_000_000L));
  }

  public String cardNumber(int customer) {
    return String.valueOf(120_000_000_000L + Math.floorMod(seed * 1_000_003L + customer * 104_729L, 10_000_000_000L));
  }

  private String homeCity(int customer) {
    return CITIES.get(Math.floorMod(customer * 7 + (int) seed, CITIES.size()));
  }

  private String code(int customer, int length) {
    return letters(new SplittableRandom(seed * 17 + customer), length);
  }

  private static String letters(SplittableRandom random, int length) {
    StringBuilder text = new StringBuilder();
    for (int k = 0; k < length; k++) {
      text.append((char) ('A' + random.nextInt(26)));
    }
    return text.toString();
  }

  private record Transactions(BankGenerator generator) implements LineGenerator {
    @Override
    public String line(long i) {
      return generator.transaction(i);
    }

    /** No later than any transaction still to come, whose timestamps are cut to the second. */
    @Override
    public Instant watermarkAfter(long i) {
      long earliest = generator.start.getMillis() + i * generator.intervalMillis;
      return Instant.ofEpochMilli(earliest - Math.floorMod(earliest, 1000L));
    }
  }

  /** Alarmed customers (7k+3) or lost cards (11k+5), spread evenly over the transactions' time. */
  private record Listings(BankGenerator generator, boolean lost, long transactions) implements LineGenerator {
    @Override
    public String line(long j) {
      int customer = (int) (lost ? 11 * j + 5 : 7 * j + 3);
      if (lost) {
        String reported = TIMESTAMP.format(java.time.Instant.ofEpochMilli(watermarkAfter(j).getMillis()));
        return generator.cardNumber(customer) + "," + reported + "," + HOLDERS.get((int) (j % HOLDERS.size())) + ",Under Process";
      }
      return generator.customerId(customer) + "," + generator.accountId(customer);
    }

    /** Listing {@code j} of n comes at {@code j / n} of the transactions' time span. */
    @Override
    public Instant watermarkAfter(long j) {
      long count = lost ? generator.lostCount() : generator.alarmedCount();
      return generator.start.plus(transactions * generator.intervalMillis * j / Math.max(1, count));
    }
  }
}
