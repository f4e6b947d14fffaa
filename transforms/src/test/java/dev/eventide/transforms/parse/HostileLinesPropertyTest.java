package dev.eventide.transforms.parse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import dev.eventide.testing.input.HostileLines;
import dev.eventide.transforms.model.CabRide;
import dev.eventide.transforms.model.CardTransaction;
import dev.eventide.transforms.model.Reading;
import dev.eventide.transforms.model.Sale;
import dev.eventide.transforms.state.InventoryLedger.Event;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.testing.WindowFnTestUtils;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every parser against thousands of generated lines, valid and hostile (see {@link HostileLines}):
 * each line is blank, a dead letter with a reason, or a record that survives what the jobs do with
 * it: its coder, the longest windows and lateness any option allows, and the sums the jobs keep.
 * Never an exception. The seeds are fixed, so a failure names a line that fails again.
 */
class HostileLinesPropertyTest {

  private static final int LINES = 4_000;

  private static final Duration LONGEST = Limits.LONGEST_DURATION;

  /** The windows a job can have with the longest durations its options take. */
  private static final List<WindowFn<Object, ?>> LONGEST_WINDOWS =
      List.of(
          FixedWindows.of(LONGEST),
          SlidingWindows.of(LONGEST).every(Duration.standardDays(100_000)),
          Sessions.withGapDuration(LONGEST),
          FixedWindows.of(Duration.millis(1)));

  record Case(String name, LineParser<?> parser, List<String> valid, Predicate<Object> sumsHold) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> parsers() {
    return Stream.of(
        new Case(
            "sales",
            new SaleParser(),
            List.of("01-06-2018,June,Category5,Bat,12", "2018-06-01T10:15:30.250+02:00,June,Category1,Ball,-3"),
            // The sums are longs of int profits: 2^32 sales at the largest profit still fit.
            record -> fitsTimes(((Sale) record).profit(), 1L << 32)),
        new Case(
            "card transactions",
            new CardTransactionParser(),
            List.of(
                "HFXR347924,2018-06-14 23:32:23,Chandigarh,id_347hfx,hf98678167,123302773033,774",
                "MPJI184287,2018-06-14T23:33:40Z,Surat,id_184mpj,mp15440220,130020285280,940.50"),
            record -> ((CardTransaction) record).amount().length() <= 2 * Limits.DECIMAL_DIGITS + 8),
        new Case(
            "alarmed customers",
            ReferenceListParser.alarmedCustomers(),
            List.of("id_347hfx,hf98678167"),
            record -> true),
        new Case(
            "lost cards",
            ReferenceListParser.lostCards(),
            List.of("123302773033,2018-06-10 10:00:00,Wanda,lost"),
            record -> true),
        new Case(
            "stock transactions",
            new StockTransactionParser(),
            List.of("apple,-3,2018-06-01 10:15:00", "pear,250,2018-06-01T10:15:00Z"),
            // Any long: the ledger rejects a change its stock cannot hold (InventoryLedgerTest).
            record -> record instanceof Event),
        new Case(
            "stock queries",
            new StockQueryParser(),
            List.of("q17,apple,2018-06-01 10:16:00"),
            record -> true),
        new Case(
            "cab rides",
            new CabRideParser(),
            List.of("id_4214,PB7526,Sedan,Wanda,yes,Sector 19,Sector 10,5", "id_4214,PB7526,Sedan,Wanda,no,'null','null','null'"),
            record -> fitsTimes(((CabRide) record).passengers(), 1L << 31)),
        new Case(
            "id/value",
            IdValueParser.of("persons", "name"),
            List.of("1,John", "2,Zoë"),
            record -> ((KV<?, ?>) record).getKey() != null),
        new Case(
            "readings",
            new ReadingParser(),
            List.of("2018-06-01T00:00:01.250Z,sensor-3,21.5", "2018-06-01 00:00:02,sensor-1,-0.125e3"),
            // As many readings as a long counts, summed, stay finite.
            record -> Double.isFinite(Math.abs(((Reading) record).value()) * Long.MAX_VALUE)),
        new Case(
            "words",
            new WordsParser(),
            List.of("Noman, noman;Joyce  Zoë\t(2018)", "O'Neil met Jean-Luc -- twice"),
            record -> true))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parsers")
  void everyLineIsBlankADeadLetterWithAReasonOrARecordThePipelinesCarry(Case c) throws Exception {
    HostileLines lines = new HostileLines(c.name().hashCode(), c.valid());
    int records = 0;
    int deadLetters = 0;
    for (int i = 0; i < LINES; i++) {
      String line = lines.next();
      ParseLines.Outcome<?> outcome = assertDoesNotThrow(() -> ParseLines.parseLine(c.parser(), line), () -> describe(line));
      if (outcome.isBlank()) {
        assertThat(describe(line), line.replace("\uFEFF", "").strip(), equalTo(""));
      } else if (outcome.isRecord()) {
        records++;
        survivesThePipeline(c, outcome, line);
      } else {
        deadLetters++;
        assertThat(describe(line), outcome.rejection().isBlank(), is(false));
        // A dead letter is a record too: it must be small enough to carry.
        assertThat(describe(line), Limits.asKept(line).length(), lessThanOrEqualTo(Limits.LONGEST_LINE));
      }
    }
    // The generator must give both, or the property proves nothing.
    assertThat(records, greaterThan(LINES / 10));
    assertThat(deadLetters, greaterThan(LINES / 10));
  }

  /** The same with the exact ends of the accepted event times, and a millisecond past each. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("parsers")
  void theEndsOfTheEventTimeRangeAreExact(Case c) throws Exception {
    if (ParseLines.parseLine(c.parser(), c.valid().get(0)).eventTime() == null) {
      return; // no event time of its own
    }
    for (Instant edge : List.of(Limits.EARLIEST_EVENT_TIME, Limits.LATEST_EVENT_TIME)) {
      String at = c.valid().get(0).replaceFirst("[^,]*2018[^,]*", iso(edge));
      ParseLines.Outcome<?> inside = ParseLines.parseLine(c.parser(), at);
      assertThat(at, inside.rejection(), nullValue());
      survivesThePipeline(c, inside, at);
      long past = edge.equals(Limits.EARLIEST_EVENT_TIME) ? -1 : 1;
      String beyond = c.valid().get(0).replaceFirst("[^,]*2018[^,]*", iso(edge.plus(Duration.millis(past))));
      assertThat(beyond, ParseLines.parseLine(c.parser(), beyond).rejection(), containsString("is out of range"));
    }
  }

  /** A parser added later is added here too: every LineParser of the parse package has a case. */
  @Test
  void everyParserOfThePackageIsCovered() throws Exception {
    Path folder = Path.of(LineParser.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve(LineParser.class.getPackageName().replace('.', '/'));
    Set<String> parsers = new TreeSet<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = file.getFileName().toString().replace(".class", "");
        Class<?> type = Class.forName(LineParser.class.getPackageName() + "." + name);
        if (LineParser.class.isAssignableFrom(type) && !type.isInterface()) {
          parsers.add(type.getSimpleName());
        }
      }
    }
    Set<String> covered = new TreeSet<>();
    parsers().forEach(arguments -> covered.add(((Case) arguments.get()[0]).parser().getClass().getSimpleName()));
    assertThat(covered, equalTo(parsers));
  }

  /** The control: without the shared guard, a parser accepts a time that Beam cannot even hold. */
  @Test
  void theParsersAloneAcceptWhatNoPipelineCanCarry() throws Exception {
    Sale sale = new SaleParser().parse("+300000-01-01T00:00:00Z,June,Category5,Bat,12");
    assertThat(sale.eventTime().isAfter(BoundedWindow.TIMESTAMP_MAX_VALUE), is(true));
    assertThat(
        ParseLines.parseLine(new SaleParser(), "+300000-01-01T00:00:00Z,June,Category5,Bat,12").rejection(),
        containsString("event time 300000-01-01T00:00:00.000Z is out of range"));
  }

  private static void survivesThePipeline(Case c, ParseLines.Outcome<?> outcome, String line) throws Exception {
    Object record = outcome.record();
    @SuppressWarnings("unchecked")
    Coder<Object> coder = (Coder<Object>) c.parser().coder();
    assertThat(describe(line), CoderUtils.clone(coder, record), equalTo(record));
    assertThat(describe(line), c.sumsHold().test(record), is(true));
    Instant time = outcome.eventTime();
    if (time == null) {
      return;
    }
    for (WindowFn<Object, ?> windowFn : LONGEST_WINDOWS) {
      for (Object window : WindowFnTestUtils.assignedWindows(windowFn, time.getMillis())) {
        IntervalWindow w = (IntervalWindow) window;
        // The window's end plus the longest lateness, and a timer a longest duration later still
        // fall inside the global window; its start less the longest delay inside Beam's range.
        Instant closes = w.maxTimestamp().plus(LONGEST).plus(LONGEST);
        assertThat(describe(line), closes.getMillis(), lessThanOrEqualTo(GlobalWindow.INSTANCE.maxTimestamp().getMillis()));
        assertThat(describe(line), w.start().minus(LONGEST).isBefore(BoundedWindow.TIMESTAMP_MIN_VALUE), is(false));
      }
    }
  }

  private static boolean fitsTimes(long value, long times) {
    return BigInteger.valueOf(value).multiply(BigInteger.valueOf(times)).bitLength() < 64;
  }

  private static String iso(Instant instant) {
    return java.time.Instant.ofEpochMilli(instant.getMillis()).toString();
  }

  private static String describe(String line) {
    String shown = line.length() > 200 ? line.substring(0, 200) + "… (" + line.length() + " characters)" : line;
    return "line '" + shown.codePoints().mapToObj(HostileLinesPropertyTest::visible).reduce("", String::concat) + "'";
  }

  private static String visible(int codePoint) {
    return Character.isISOControl(codePoint) ? String.format("\\u%04X", codePoint) : Character.toString(codePoint);
  }
}
