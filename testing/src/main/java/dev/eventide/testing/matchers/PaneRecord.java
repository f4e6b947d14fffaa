package dev.eventide.testing.matchers;

import dev.eventide.testing.scenario.Timeline;
import java.io.Serializable;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.joda.time.Instant;

/**
 * One output element as seen by a test: its value rendered as text, the window it was emitted in
 * (start and end are null for the global window) and the pane that carried it.
 */
public record PaneRecord(
    String value,
    Instant windowStart,
    Instant windowEnd,
    PaneInfo.Timing timing,
    long index,
    boolean first,
    boolean last)
    implements Serializable {

  public boolean inGlobalWindow() {
    return windowStart == null;
  }

  @Override
  public String toString() {
    String window =
        inGlobalWindow()
            ? "global"
            : "[" + Timeline.isoInstant(windowStart) + ", " + Timeline.isoInstant(windowEnd) + ")";
    return value + " @ " + window + " " + timing + "#" + index + (last ? " (final)" : "");
  }
}
