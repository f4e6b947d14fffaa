package dev.eventide.transforms.windowing;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.joda.time.Duration;

/**
 * A window written as text, as the {@code --window} option takes it:
 *
 * <ul>
 *   <li>{@code fixed:<size>}: tumbling windows (Flink's tumbling event-time windows);
 *   <li>{@code sliding:<size>,<period>}: windows of {@code size} starting every {@code period};
 *   <li>{@code session:<gap>}: per-key sessions closed by {@code gap} without data;
 *   <li>{@code global}: one window for all time.
 * </ul>
 *
 * Durations are written as {@link Durations} reads them: {@code 500ms}, {@code 2s}, {@code 10m}.
 */
public record WindowSpec(Kind kind, Duration size, Duration period) implements Serializable {

  public static final String ACCEPTED =
      "fixed:<size>, sliding:<size>,<period>, session:<gap> or global (durations like 500ms, 2s, 10m, 1h, 1d)";

  /** The kinds of window. */
  public enum Kind {
    FIXED,
    SLIDING,
    SESSION,
    GLOBAL
  }

  public static WindowSpec fixed(Duration size) {
    return new WindowSpec(Kind.FIXED, size, null);
  }

  public static WindowSpec sliding(Duration size, Duration period) {
    return new WindowSpec(Kind.SLIDING, size, period);
  }

  public static WindowSpec session(Duration gap) {
    return new WindowSpec(Kind.SESSION, gap, null);
  }

  public static WindowSpec global() {
    return new WindowSpec(Kind.GLOBAL, null, null);
  }

  /** The most windows a sliding specification may put an element in. */
  static final long MOST_SLIDING_WINDOWS = 10_000;

  /** Parses a window specification; the message of a rejection says what is accepted. */
  public static WindowSpec parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.equals("global")) {
        return global();
      }
      int colon = t.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("no window kind");
      }
      String kind = t.substring(0, colon);
      String args = t.substring(colon + 1);
      switch (kind) {
        case "fixed":
          return fixed(positive(args));
        case "session":
          return session(positive(args));
        case "sliding":
          String[] parts = args.split(",", -1);
          if (parts.length != 2) {
            throw new IllegalArgumentException("sliding takes a size and a period");
          }
          Duration size = positive(parts[0]);
          Duration period = positive(parts[1]);
          if (period.isLongerThan(size)) {
            throw new IllegalArgumentException("the period must not be longer than the size");
          }
          // Each element is copied into size / period windows: a typo such as 1d,1ms would make
          // 86,400,000 copies of every sale and stall the job.
          if (size.getMillis() / period.getMillis() > MOST_SLIDING_WINDOWS) {
            throw new IllegalArgumentException(
                "a sliding window puts each element in size / period windows, at most " + MOST_SLIDING_WINDOWS);
          }
          return sliding(size, period);
        default:
          throw new IllegalArgumentException("unknown window kind '" + kind + "'");
      }
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "Invalid window '" + text + "': " + e.getMessage() + ". Accepted: " + ACCEPTED, e);
    }
  }

  private static Duration positive(String text) {
    Duration d = Durations.parse(text);
    if (!d.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException("a window duration must be longer than 0");
    }
    return d;
  }

  /** The Beam window function of this specification. */
  public WindowFn<Object, ? extends BoundedWindow> windowFn() {
    return switch (kind) {
      case FIXED -> FixedWindows.of(size);
      case SLIDING -> SlidingWindows.of(size).every(period);
      case SESSION -> Sessions.withGapDuration(size);
      case GLOBAL -> new GlobalWindows();
    };
  }

  /**
   * The windows {@code [start, end)} (epoch millis) that time {@code t} falls in, oldest first, as
   * {@link #windowFn()} assigns them; a session's own window before merging; none for the global
   * window.
   */
  public List<long[]> windowsAt(long t) {
    List<long[]> windows = new ArrayList<>();
    switch (kind) {
      case FIXED -> {
        long sizeMillis = size.getMillis();
        long start = Math.floorDiv(t, sizeMillis) * sizeMillis;
        windows.add(new long[] {start, start + sizeMillis});
      }
      case SLIDING -> {
        long sizeMillis = size.getMillis();
        long periodMillis = period.getMillis();
        long last = Math.floorDiv(t, periodMillis) * periodMillis;
        for (long start = last - ((sizeMillis - 1) / periodMillis) * periodMillis; start <= last; start += periodMillis) {
          if (start + sizeMillis > t) {
            windows.add(new long[] {start, start + sizeMillis});
          }
        }
      }
      // A session's own window before merging, which is the one the runner judges it by.
      case SESSION -> windows.add(new long[] {t, t + size.getMillis()});
      case GLOBAL -> {}
    }
    return windows;
  }

  @Override
  public String toString() {
    return switch (kind) {
      case FIXED -> "fixed:" + Durations.format(size);
      case SLIDING -> "sliding:" + Durations.format(size) + "," + Durations.format(period);
      case SESSION -> "session:" + Durations.format(size);
      case GLOBAL -> "global";
    };
  }
}
