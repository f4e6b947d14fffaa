package dev.eventide.transforms.windowing;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.transforms.windowing.AfterAll;
import org.apache.beam.sdk.transforms.windowing.AfterEach;
import org.apache.beam.sdk.transforms.windowing.AfterFirst;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Trigger;
import org.apache.beam.sdk.transforms.windowing.Trigger.OnceTrigger;

/**
 * A trigger written as text, as the {@code --trigger} option takes it. Beam's triggers by name,
 * and Flink's by their Flink names:
 *
 * <ul>
 *   <li>{@code default}: fire when the watermark passes the end of the window, and again for late
 *       data within the allowed lateness (Flink's {@code EventTimeTrigger}; also {@code eventTime});
 *   <li>{@code afterWatermark(early=<once>, late=<once>)}: the same with early firings (repeated
 *       while the window is open) and late firings (repeated while late data comes), both optional;
 *   <li>{@code afterCount(<n>)}, {@code afterProcessingTime(<duration>)}: fire once, after n
 *       elements or a processing-time delay from the pane's first element;
 *   <li>{@code repeat(<trigger>)}; {@code count:<n>} is {@code repeat(afterCount(<n>))}, Flink's
 *       {@code CountTrigger}; {@code processingTime:<duration>} is {@code
 *       repeat(afterProcessingTime(<duration>))}, Flink's {@code ProcessingTimeTrigger};
 *   <li>composites: {@code afterFirst(<once>, ...)}, {@code afterAll(<once>, ...)}, {@code
 *       afterEach(<trigger>, ...)}, {@code orFinally(<trigger>, <once>)}.
 * </ul>
 *
 * <p>{@code <once>} is a trigger that fires once: {@code afterWatermark}, {@code afterCount},
 * {@code afterProcessingTime}, {@code afterFirst} or {@code afterAll} of such. Flink's {@code
 * PurgingTrigger} is {@code --accumulation=discarding}.
 */
public record TriggerSpec(String text, Trigger trigger) implements Serializable {

  public static final String ACCEPTED =
      "default | eventTime | afterWatermark[(early=<once>, late=<once>)] | afterCount(<n>)"
          + " | afterProcessingTime(<duration>) | repeat(<trigger>) | count:<n>"
          + " | processingTime:<duration> | afterFirst(<once>, ...) | afterAll(<once>, ...)"
          + " | afterEach(<trigger>, ...) | orFinally(<trigger>, <once>); <once> is afterWatermark,"
          + " afterCount, afterProcessingTime, afterFirst or afterAll";

  /** Fire when the watermark passes the end of the window (and for late data). */
  public static TriggerSpec defaultTrigger() {
    return new TriggerSpec("default", DefaultTrigger.of());
  }

  /** Parses a trigger; the message of a rejection says what is accepted. */
  public static TriggerSpec parse(String text) {
    try {
      Parser parser = new Parser(text == null ? "" : text);
      Trigger trigger = parser.trigger();
      parser.end();
      return new TriggerSpec(text.strip(), trigger);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "Invalid trigger '" + text + "': " + e.getMessage() + ". Accepted: " + ACCEPTED, e);
    }
  }

  @Override
  public String toString() {
    return text;
  }

  /** Recursive descent over {@code name[(argument, ...)]} and {@code name:value}. */
  private static final class Parser {
    private final String text;
    private int at;

    Parser(String text) {
      this.text = text;
    }

    Trigger trigger() {
      String name = word();
      if (peek(':')) {
        at++;
        String value = word();
        return switch (name.toLowerCase(Locale.ROOT)) {
          case "count" -> Repeatedly.forever(AfterPane.elementCountAtLeast(count(value)));
          case "processingtime" -> Repeatedly.forever(afterProcessingTime(value));
          default -> throw new IllegalArgumentException("unknown trigger '" + name + ":'");
        };
      }
      switch (name) {
        case "default":
          return DefaultTrigger.of();
        case "eventTime":
          return AfterWatermark.pastEndOfWindow();
        case "afterWatermark":
          return afterWatermark();
        case "afterCount":
          return AfterPane.elementCountAtLeast(count(single("afterCount")));
        case "afterProcessingTime":
          return afterProcessingTime(single("afterProcessingTime"));
        case "repeat":
          {
            List<Trigger> inner = triggers("repeat", 1, 1);
            return Repeatedly.forever(inner.get(0));
          }
        case "afterFirst":
          return AfterFirst.of(once("afterFirst", triggers("afterFirst", 2, Integer.MAX_VALUE)));
        case "afterAll":
          return AfterAll.of(once("afterAll", triggers("afterAll", 2, Integer.MAX_VALUE)));
        case "afterEach":
          return AfterEach.inOrder(triggers("afterEach", 2, Integer.MAX_VALUE));
        case "orFinally":
          {
            List<Trigger> both = triggers("orFinally", 2, 2);
            return both.get(0).orFinally(once("orFinally's second trigger", both.get(1)));
          }
        default:
          throw new IllegalArgumentException("unknown trigger '" + name + "'");
      }
    }

    private Trigger afterWatermark() {
      AfterWatermark.FromEndOfWindow onTime = AfterWatermark.pastEndOfWindow();
      if (!peek('(')) {
        return onTime;
      }
      at++;
      OnceTrigger early = null;
      OnceTrigger late = null;
      do {
        String key = word();
        expect('=');
        OnceTrigger firing = once("afterWatermark's " + key, trigger());
        switch (key) {
          case "early" -> early = firing;
          case "late" -> late = firing;
          default -> throw new IllegalArgumentException("afterWatermark takes early= and late=, not " + key + "=");
        }
      } while (comma());
      expect(')');
      if (early != null && late != null) {
        return onTime.withEarlyFirings(early).withLateFirings(late);
      }
      if (early != null) {
        return onTime.withEarlyFirings(early);
      }
      if (late != null) {
        return onTime.withLateFirings(late);
      }
      return onTime;
    }

    private List<Trigger> triggers(String name, int min, int max) {
      expect('(');
      List<Trigger> list = new ArrayList<>();
      do {
        list.add(trigger());
      } while (comma());
      expect(')');
      if (list.size() < min || list.size() > max) {
        throw new IllegalArgumentException(
            name + " takes " + (min == max ? min : "at least " + min) + " trigger(s)");
      }
      return list;
    }

    private String single(String name) {
      expect('(');
      String value = word();
      expect(')');
      return value;
    }

    private static OnceTrigger once(String where, Trigger trigger) {
      if (trigger instanceof OnceTrigger once) {
        return once;
      }
      throw new IllegalArgumentException(where + " must fire once (not " + trigger + ")");
    }

    private static OnceTrigger[] once(String where, List<Trigger> triggers) {
      return triggers.stream().map(t -> once(where, t)).toArray(OnceTrigger[]::new);
    }

    private static AfterProcessingTime afterProcessingTime(String duration) {
      return AfterProcessingTime.pastFirstElementInPane().plusDelayOf(Durations.parse(duration));
    }

    private static int count(String value) {
      try {
        int n = Integer.parseInt(value);
        if (n < 1) {
          throw new NumberFormatException();
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + value + "' is not a count of at least 1");
      }
    }

    private String word() {
      skipSpace();
      int start = at;
      while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)))) {
        at++;
      }
      if (start == at) {
        throw new IllegalArgumentException(
            at < text.length() ? "unexpected '" + text.charAt(at) + "' at " + at : "something missing at the end");
      }
      return text.substring(start, at);
    }

    private boolean peek(char c) {
      skipSpace();
      return at < text.length() && text.charAt(at) == c;
    }

    private boolean comma() {
      if (peek(',')) {
        at++;
        return true;
      }
      return false;
    }

    private void expect(char c) {
      if (!peek(c)) {
        throw new IllegalArgumentException("expected '" + c + "' at " + at);
      }
      at++;
    }

    void end() {
      skipSpace();
      if (at != text.length()) {
        throw new IllegalArgumentException("unexpected '" + text.substring(at) + "' after the trigger");
      }
    }

    private void skipSpace() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }
  }
}
