package dev.eventide.testing.input;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Lines a user might throw at a parser, from a seed: valid lines of the format, and the same lines
 * broken in every way that has stopped a job somewhere: fields replaced by extreme numbers and
 * dates (at and past the ends of Beam's timestamps), fields added or removed, random Unicode, bytes
 * that are not UTF-8, control characters, byte-order marks, blank and whitespace-only lines, and
 * lines of a megabyte. Valid lines with odd but legal text stay valid, so a parser that rejects too
 * much shows too.
 *
 * <pre>{@code
 * HostileLines lines = new HostileLines(42, List.of("01-06-2018,June,Category5,Bat,12"));
 * for (int i = 0; i < 5000; i++) { String line = lines.next(); ... }
 * HostileLines.File file = lines.file(5000);   // bytes for a file, and how many lines it holds
 * }</pre>
 */
public final class HostileLines {

  /** Numbers past every limit a parser might have: 32 and 64 bits, doubles, decimals, non-ASCII digits. */
  static final List<String> NUMBERS =
      List.of(
          "0", "-0", "+0", "007", "2147483647", "2147483648", "-2147483648", "-2147483649",
          "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
          "1e308", "1.7976931348623157e308", "1e309", "-1e309", "1e250", "1.0000001e250", "-1e251", "4.9e-324",
          "1e-400", "NaN", "-NaN", "Infinity", "-Infinity", "0x1p3", "0x10", "1_000", "1,5", "١٢٣", "１２３",
          "1.5", ".5", "5.", "1e", "e5", "--1", "+-1", " 12 ", "99999999999999999999999999999999999999",
          "999999999999999999999999999999999999999", "0.00000000000000000000000000000000000001",
          "1e999999999", "1e-999999999", "1E+2147483647", "12abc", "", " ");

  /** Dates and instants at and past the ends of what Beam and java.time hold, and invalid ones. */
  static final List<String> DATES = dates();

  /** Text fields that are odd but legal, and some that are not. */
  static final List<String> TEXTS =
      List.of(
          "", " ", "'null'", "null", "Zoë", "ü", "🙂", "a\u0301", "𝔘𝔫𝔦", "\u200B", "\u202Eevil", "\uFEFFbom",
          "\u00A0", "\u3000", "\"quoted\"", "back\\slash", "{\"json\":1}", "<b>x</b>", "tab\there", "\u2028",
          "中文", "עברית", "x".repeat(10_000));

  private final Random random;
  private final List<String> valid;
  /** Lines of a megabyte still to give: a few make the point, many only make a run slow. */
  private int hugeLeft = Integer.MAX_VALUE;

  /** Lines from {@code seed}, made from (and sometimes equal to) the valid lines of a format. */
  public HostileLines(long seed, List<String> validLines) {
    if (validLines.isEmpty()) {
      throw new IllegalArgumentException("give at least one valid line of the format");
    }
    this.random = new Random(seed);
    this.valid = List.copyOf(validLines);
  }

  /** The next line. It may hold any character, line ends too (as a Kafka record may). */
  public String next() {
    int kind = random.nextInt(100);
    if (kind == 86 && random.nextInt(4) != 0) {
      kind = 0; // a huge line one time in 400
    }
    String line = valid.get(random.nextInt(valid.size()));
    if (kind < 20) {
      return line;
    }
    if (kind < 50) {
      return replaceField(line, pick(random.nextBoolean() ? NUMBERS : DATES));
    }
    if (kind < 58) {
      return replaceField(line, pick(TEXTS));
    }
    if (kind < 64) {
      return changeFieldCount(line);
    }
    if (kind < 70) {
      return randomUnicode(1 + random.nextInt(80));
    }
    if (kind < 76) {
      return new String(randomBytes(1 + random.nextInt(80)), StandardCharsets.UTF_8);
    }
    if (kind < 81) {
      return insert(line, String.valueOf((char) pickControl()));
    }
    if (kind < 86) {
      return pick(List.of("", " ", "\t", "  \t ", "\u3000", "\uFEFF", "\u00A0", ",", ",,,,", "\uFEFF" + line));
    }
    if (kind < 87) {
      if (hugeLeft == 0) {
        return line;
      }
      hugeLeft--;
      return huge(line);
    }
    if (kind < 88) {
      return changeFieldCount(changeFieldCount(line));
    }
    if (kind < 92) {
      return replaceField(line, pick(List.of(beamEdge(0), beamEdge(1), beamEdge(-1), beamEdge(2), beamEdge(-2))));
    }
    return line.replace(",", random.nextBoolean() ? " , " : ",");
  }

  /**
   * A file of {@code lines} lines as bytes, with raw bytes that are not UTF-8 and mixed line ends,
   * and at most two lines of a megabyte.
   */
  public File file(int lines) {
    hugeLeft = 2;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String lastEnd = "";
    for (int i = 0; i < lines; i++) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      if (random.nextInt(20) == 0) {
        // Raw bytes straight into the file: invalid UTF-8, NUL, lone continuation bytes.
        for (byte b : randomBytes(1 + random.nextInt(60))) {
          if (b != '\n' && b != '\r') {
            line.write(b);
          }
        }
      } else {
        // Line ends end a line in a file: what a Kafka record may hold, a file cannot.
        line.writeBytes(next().replace('\r', ' ').replace('\n', ' ').getBytes(StandardCharsets.UTF_8));
      }
      out.writeBytes(line.toByteArray());
      // The last line may have no line end at all.
      if (i < lines - 1 || random.nextBoolean()) {
        String end = pick(List.of("\n", "\n", "\r\n", "\r"));
        if (line.size() == 0 && lastEnd.equals("\r") && end.equals("\n")) {
          end = "\r\n"; // "\r" then "\n" would be one line end, not two
        }
        out.writeBytes(end.getBytes(StandardCharsets.US_ASCII));
        lastEnd = end;
      }
    }
    return new File(out.toByteArray(), lines);
  }

  /** A file's bytes and the number of lines they hold (ended by {@code \n}, {@code \r\n} or {@code \r}). */
  public record File(byte[] bytes, long lines) {}

  /**
   * The number of lines in {@code bytes} as Beam's {@code TextIO} and a {@code BufferedReader}
   * count them: ended by {@code \n}, {@code \r\n} or {@code \r}, the last one with or without an
   * end. An independent count for checking what a job read.
   */
  public static long countLines(byte[] bytes) {
    long lines = 0;
    boolean open = false;
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b == '\n' || b == '\r') {
        lines++;
        open = false;
        if (b == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
          i++;
        }
      } else {
        open = true;
      }
    }
    return open ? lines + 1 : lines;
  }

  private String pick(List<String> values) {
    return values.get(random.nextInt(values.size()));
  }

  private String replaceField(String line, String value) {
    String[] fields = line.split(",", -1);
    fields[random.nextInt(fields.length)] = value;
    return String.join(",", fields);
  }

  private String changeFieldCount(String line) {
    List<String> fields = new ArrayList<>(List.of(line.split(",", -1)));
    if (random.nextBoolean() || fields.size() == 1) {
      fields.add(random.nextInt(fields.size() + 1), pick(TEXTS.subList(0, 8)));
    } else {
      fields.remove(random.nextInt(fields.size()));
    }
    return String.join(",", fields);
  }

  private String insert(String line, String text) {
    int at = random.nextInt(line.length() + 1);
    return line.substring(0, at) + text + line.substring(at);
  }

  private int pickControl() {
    int[] controls = {0, 1, 7, 8, 11, 12, 27, 127, 0x85, 0x9F};
    return controls[random.nextInt(controls.length)];
  }

  /** A line of about a megabyte: a field, a number or one hyphen-joined word that long. */
  private String huge(String line) {
    int size = 1_000_000 + random.nextInt(1_000_000);
    return switch (random.nextInt(4)) {
      case 0 -> replaceField(line, "7".repeat(size));
      case 1 -> replaceField(line, "a-".repeat(size / 2) + "a");
      case 2 -> replaceField(line, "é".repeat(size / 2));
      default -> line + ",".repeat(size);
    };
  }

  private String randomUnicode(int length) {
    StringBuilder text = new StringBuilder();
    int[][] ranges = {
      {0x20, 0x7E}, {0xA0, 0x24F}, {0x300, 0x36F}, {0x590, 0x6FF}, {0x2000, 0x206F}, {0x3000, 0x30FF},
      {0x4E00, 0x4EFF}, {0xFE00, 0xFEFF}, {0xFF00, 0xFFEF}, {0x1F300, 0x1F6FF}, {0x1D400, 0x1D7FF}
    };
    for (int i = 0; i < length; i++) {
      int[] range = ranges[random.nextInt(ranges.length)];
      text.appendCodePoint(range[0] + random.nextInt(range[1] - range[0] + 1));
    }
    return text.toString();
  }

  private byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  /**
   * An instant near an end of Beam's timestamps: 0 and ±1 are the global window's last instant and
   * a millisecond either side of it, ±2 Beam's own minimum and maximum.
   */
  private static String beamEdge(int which) {
    Instant globalEnd = GlobalWindow.INSTANCE.maxTimestamp();
    Instant instant =
        switch (which) {
          case 0 -> globalEnd;
          case 1 -> globalEnd.plus(Duration.millis(1));
          case -1 -> globalEnd.minus(Duration.millis(1));
          case 2 -> BoundedWindow.TIMESTAMP_MAX_VALUE;
          default -> BoundedWindow.TIMESTAMP_MIN_VALUE;
        };
    return java.time.Instant.ofEpochMilli(instant.getMillis()).toString();
  }

  private static List<String> dates() {
    List<String> dates =
        new ArrayList<>(
            List.of(
                "+300000-01-01T00:00:00Z", "-300000-01-01T00:00:00Z", "+294247-01-10T04:00:54.775Z",
                "-290308-12-21T19:59:05.225Z", "+284000-01-01T00:00:00Z", "-280000-01-01T00:00:00Z",
                "+999999999-12-31T23:59:59.999999999Z", "-999999999-01-01T00:00:00Z", "01-01-300000",
                "01-01-+300000", "01-01--5", "31-02-2018", "29-02-2019", "29-02-2020", "1970-01-01T00:00:00Z",
                "1969-12-31T23:59:59.999Z", "0000-01-01T00:00:00Z", "2018-06-01T00:00:00+18:00",
                "2018-06-01T00:00:00-18:00", "2018-06-01T00:00:00+19:00", "2018-06-01T24:00:00Z",
                "2018-06-01 23:59:60", "2018-06-01T00:00:00.123456789Z", "2018-06-01", "2018-06-01 00:00:00",
                "01-06-2018", "1-6-2018", "00-06-2018", "01-13-2018", "2018-06-01T00:00:00", "T", "2018-06-01TZ",
                "+10000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "01-06-99999", "01-06-0000"));
    return List.copyOf(dates);
  }
}
