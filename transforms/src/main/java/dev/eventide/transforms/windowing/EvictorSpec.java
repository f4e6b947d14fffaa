package dev.eventide.transforms.windowing;

import java.io.Serializable;
import java.util.Locale;
import org.apache.beam.sdk.transforms.SerializableBiFunction;

/**
 * An evictor written as text, as the {@code --evictor} option takes it: {@code none}, {@code
 * count:<n>} (Flink's CountEvictor), {@code time:<duration>} (TimeEvictor) or {@code
 * delta:<threshold>} (DeltaEvictor, with the record's own delta function).
 */
public record EvictorSpec(String text, Kind kind, int count, org.joda.time.Duration span, double threshold)
    implements Serializable {

  public static final String ACCEPTED = "none, count:<n>, time:<duration> or delta:<threshold>";

  /** The kinds of evictor. */
  public enum Kind {
    NONE,
    COUNT,
    TIME,
    DELTA
  }

  public static EvictorSpec parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.equals("none")) {
        return new EvictorSpec(t, Kind.NONE, 0, null, 0);
      }
      int colon = t.indexOf(':');
      String kind = colon < 0 ? t : t.substring(0, colon);
      String value = colon < 0 ? "" : t.substring(colon + 1).strip();
      switch (kind) {
        case "count":
          int n = Integer.parseInt(value);
          if (n < 1) {
            throw new IllegalArgumentException("a count evictor keeps at least 1 element");
          }
          return new EvictorSpec(t, Kind.COUNT, n, null, 0);
        case "time":
          return new EvictorSpec(t, Kind.TIME, 0, Durations.parse(value), 0);
        case "delta":
          double threshold = Double.parseDouble(value);
          if (!(threshold > 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("a delta threshold is a number above 0");
          }
          return new EvictorSpec(t, Kind.DELTA, 0, null, threshold);
        default:
          throw new IllegalArgumentException("unknown evictor '" + kind + "'");
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Invalid evictor '" + text + "': not a number. Accepted: " + ACCEPTED, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Invalid evictor '" + text + "': " + e.getMessage() + ". Accepted: " + ACCEPTED, e);
    }
  }

  public boolean isNone() {
    return kind == Kind.NONE;
  }

  /** The evictor; {@code delta} measures how far an element is from the newest one. */
  public <V> Evictor<V> evictor(SerializableBiFunction<V, V, Double> delta) {
    return switch (kind) {
      case NONE -> elements -> elements;
      case COUNT -> Evictor.count(count);
      case TIME -> Evictor.time(span);
      case DELTA -> Evictor.delta(threshold, delta);
    };
  }
}
