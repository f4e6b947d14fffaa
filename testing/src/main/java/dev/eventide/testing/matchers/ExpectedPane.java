package dev.eventide.testing.matchers;

import dev.eventide.testing.scenario.Timeline;
import java.io.Serializable;
import org.apache.beam.sdk.transforms.windowing.PaneInfo.Timing;
import org.joda.time.Instant;

/**
 * What a test expects of one output: value, window and pane. Serializable, so it travels inside a
 * PAssert check to the runner; an index of -1 accepts any pane index.
 */
public record ExpectedPane(
    String value, Instant windowStart, Instant windowEnd, Timing timing, long index)
    implements Serializable {

  /** Starts an expectation for window {@code [start, end)}. */
  public static WindowExpectations window(Instant start, Instant end) {
    return new WindowExpectations(start, end);
  }

  /** Starts an expectation for the global window. */
  public static WindowExpectations globalWindow() {
    return new WindowExpectations(null, null);
  }

  @Override
  public String toString() {
    String window =
        windowStart == null
            ? "global"
            : "[" + Timeline.isoInstant(windowStart) + ", " + Timeline.isoInstant(windowEnd) + ")";
    return value + " @ " + window + " " + timing + (index < 0 ? "" : "#" + index);
  }

  /** The expectations of one window, by pane timing. */
  public record WindowExpectations(Instant start, Instant end) {
    public ExpectedPane early(long index, String value) {
      return new ExpectedPane(value, start, end, Timing.EARLY, index);
    }

    public ExpectedPane onTime(long index, String value) {
      return new ExpectedPane(value, start, end, Timing.ON_TIME, index);
    }

    /** The on-time pane when it is the window's first (index 0). */
    public ExpectedPane onTime(String value) {
      return onTime(0, value);
    }

    public ExpectedPane late(long index, String value) {
      return new ExpectedPane(value, start, end, Timing.LATE, index);
    }
  }
}
