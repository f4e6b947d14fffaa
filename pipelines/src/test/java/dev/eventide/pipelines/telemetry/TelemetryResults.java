package dev.eventide.pipelines.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventide.transforms.io.FormatPanesAsJson;
import dev.eventide.transforms.model.Reading;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.joda.time.Instant;

/** The telemetry job's results worked out by hand: fixed windows, plain loops. */
public final class TelemetryResults {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TelemetryResults() {}

  /** One result line as the job prints it. */
  static String line(
      String device, String start, String end, String pane, long index, long count, double min, double max, double average) {
    ObjectNode node = JSON.createObjectNode();
    node.put("key", device);
    node.put("windowStart", start);
    node.put("windowEnd", end);
    node.put("pane", pane);
    node.put("paneIndex", index);
    node.put("count", count);
    node.put("min", min);
    node.put("max", max);
    node.put("average", average);
    return node.toString();
  }

  /** The on-time result lines of these readings in fixed windows of {@code size}. */
  public static Set<String> expected(List<Reading> readings, Duration size) {
    long width = size.toMillis();
    // device -> window start -> {count, min, max, sum}
    Map<String, Map<Long, double[]>> byDevice = new TreeMap<>();
    for (Reading r : readings) {
      long start = Math.floorDiv(r.eventTime().getMillis(), width) * width;
      double[] t =
          byDevice.computeIfAbsent(r.device(), d -> new TreeMap<>())
              .computeIfAbsent(start, s -> new double[] {0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0});
      t[0]++;
      t[1] = Math.min(t[1], r.value());
      t[2] = Math.max(t[2], r.value());
      t[3] += r.value();
    }
    Set<String> lines = new HashSet<>();
    byDevice.forEach(
        (device, windows) ->
            windows.forEach(
                (start, t) ->
                    lines.add(
                        line(
                            device,
                            FormatPanesAsJson.isoInstant(new Instant(start)),
                            FormatPanesAsJson.isoInstant(new Instant(start + width)),
                            "ON_TIME",
                            0,
                            (long) t[0],
                            t[1],
                            t[2],
                            Math.round(t[3] / t[0] * 1e6) / 1e6))));
    return lines;
  }
}
