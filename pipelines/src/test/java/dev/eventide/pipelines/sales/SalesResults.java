package dev.eventide.pipelines.sales;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventide.transforms.aggregate.SaleKey;
import dev.eventide.transforms.model.Sale;
import dev.eventide.transforms.windowing.WindowSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The sales job's results worked out independently of Beam: windows computed by hand from the
 * specification, sums in plain loops. Used to check what the pipeline prints, line for line.
 */
public final class SalesResults {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SalesResults() {}

  /** One result line as the job prints it; null start and end for the global window. */
  static String line(String key, String start, String end, String pane, long index, long profit, long count) {
    ObjectNode node = JSON.createObjectNode();
    node.put("key", key);
    node.put("windowStart", start);
    node.put("windowEnd", end);
    node.put("pane", pane);
    node.put("paneIndex", index);
    node.put("profit", profit);
    node.put("count", count);
    return node.toString();
  }

  /** The on-time (single, final) result lines of a bounded run over these sales. */
  public static Set<String> expected(List<Sale> sales, WindowSpec window, SaleKey key) {
    // key -> window [start, end) -> {profit, count}
    Map<String, Map<List<Long>, long[]>> totals = new TreeMap<>();
    Map<String, List<Sale>> byKey = new TreeMap<>();
    for (Sale sale : sales) {
      byKey.computeIfAbsent(key.of(sale), k -> new ArrayList<>()).add(sale);
    }
    byKey.forEach(
        (k, keySales) -> {
          Map<List<Long>, long[]> windows = totals.computeIfAbsent(k, x -> new TreeMap<>(SalesResults::compare));
          for (Map.Entry<List<Long>, List<Sale>> w : windowsOf(keySales, window).entrySet()) {
            long[] t = windows.computeIfAbsent(w.getKey(), x -> new long[2]);
            for (Sale s : w.getValue()) {
              t[0] += s.profit();
              t[1]++;
            }
          }
        });
    Set<String> lines = new HashSet<>();
    totals.forEach(
        (k, windows) ->
            windows.forEach(
                (w, t) ->
                    lines.add(
                        line(
                            k,
                            w.isEmpty() ? null : iso(w.get(0)),
                            w.isEmpty() ? null : iso(w.get(1)),
                            "ON_TIME",
                            0,
                            t[0],
                            t[1]))));
    return lines;
  }

  /** Window [start, end) (empty list: global) to the sales in it, for one key's sales. */
  private static Map<List<Long>, List<Sale>> windowsOf(List<Sale> sales, WindowSpec spec) {
    Map<List<Long>, List<Sale>> windows = new TreeMap<>(SalesResults::compare);
    switch (spec.kind()) {
      case GLOBAL -> windows.put(List.of(), sales);
      case FIXED -> {
        long size = spec.size().getMillis();
        for (Sale s : sales) {
          long start = Math.floorDiv(s.eventTime().getMillis(), size) * size;
          windows.computeIfAbsent(List.of(start, start + size), x -> new ArrayList<>()).add(s);
        }
      }
      case SLIDING -> {
        long size = spec.size().getMillis();
        long period = spec.period().getMillis();
        for (Sale s : sales) {
          long t = s.eventTime().getMillis();
          for (long start = Math.floorDiv(t, period) * period; start > t - size; start -= period) {
            windows.computeIfAbsent(List.of(start, start + size), x -> new ArrayList<>()).add(s);
          }
        }
      }
      case SESSION -> {
        long gap = spec.size().getMillis();
        List<Sale> sorted = new ArrayList<>(sales);
        sorted.sort((a, b) -> a.eventTime().compareTo(b.eventTime()));
        List<Sale> current = new ArrayList<>();
        long start = 0;
        long end = Long.MIN_VALUE;
        for (Sale s : sorted) {
          long t = s.eventTime().getMillis();
          if (t >= end && !current.isEmpty()) { // [t, t+gap) does not overlap: a new session
            windows.put(List.of(start, end), current);
            current = new ArrayList<>();
          }
          if (current.isEmpty()) {
            start = t;
          }
          current.add(s);
          end = Math.max(end, t + gap);
        }
        if (!current.isEmpty()) {
          windows.put(List.of(start, end), current);
        }
      }
    }
    return windows;
  }

  private static int compare(List<Long> a, List<Long> b) {
    if (a.size() != b.size()) {
      return Integer.compare(a.size(), b.size());
    }
    for (int i = 0; i < a.size(); i++) {
      int c = Long.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  static String iso(long millis) {
    return java.time.Instant.ofEpochMilli(millis).toString();
  }
}
