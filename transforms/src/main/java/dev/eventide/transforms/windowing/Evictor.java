package dev.eventide.transforms.windowing;

import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.transforms.SerializableBiFunction;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;

/**
 * Flink's evictors, which Beam lacks: which of a window's elements a firing keeps. The elements
 * come in event-time order (Beam has no arrival order, which Flink's window state keeps), newest
 * last.
 */
@FunctionalInterface
public interface Evictor<V> extends Serializable {

  /** The elements to keep, from the window's elements in event-time order. */
  List<TimestampedValue<V>> keep(List<TimestampedValue<V>> inEventTimeOrder);

  /** Flink's {@code CountEvictor}: keep the last {@code n} elements. */
  static <V> Evictor<V> count(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("a count evictor keeps at least 1 element");
    }
    return elements -> elements.subList(Math.max(0, elements.size() - n), elements.size());
  }

  /** Flink's {@code TimeEvictor}: keep elements no more than {@code span} older than the newest. */
  static <V> Evictor<V> time(Duration span) {
    return elements -> {
      if (elements.isEmpty()) {
        return elements;
      }
      long newest = elements.get(elements.size() - 1).getTimestamp().getMillis();
      return elements.stream().filter(e -> e.getTimestamp().getMillis() >= newest - span.getMillis()).toList();
    };
  }

  /**
   * Flink's {@code DeltaEvictor}: keep elements whose {@code delta} to the newest element is below
   * {@code threshold}.
   */
  static <V> Evictor<V> delta(double threshold, SerializableBiFunction<V, V, Double> delta) {
    return elements -> {
      if (elements.isEmpty()) {
        return elements;
      }
      V newest = elements.get(elements.size() - 1).getValue();
      return elements.stream().filter(e -> delta.apply(e.getValue(), newest) < threshold).toList();
    };
  }
}
