package dev.eventide.bench;

import dev.eventide.bench.Bench.Row;
import dev.eventide.bench.Bench.Run;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's figures as a text table, CSV and an SVG bar chart. */
final class Report {

  /** One row's figures. */
  record Line(Row row, double median, double min, double max, Double ratio, long peakRssMib, boolean agrees, String error) {}

  private final List<Line> lines = new ArrayList<>();

  Report(Map<Row, List<Run>> runs, Map<String, Run> expected) {
    Map<Row, Double> medians = new LinkedHashMap<>();
    runs.forEach((row, rs) -> medians.put(row, median(rates(row, rs))));
    runs.forEach((row, rs) -> {
      double[] rates = rates(row, rs);
      Run reference = expected.get(row.workloadKey());
      boolean agrees = rs.stream().allMatch(r -> r.error() == null && r.results() == reference.results() && r.checksum() == reference.checksum());
      String error = rs.stream().map(Run::error).filter(e -> e != null).findFirst().orElse(null);
      Double nativeRate = nativeMedian(row, medians);
      double median = median(rates);
      lines.add(
          new Line(
              row,
              median,
              Arrays.stream(rates).min().orElse(0),
              Arrays.stream(rates).max().orElse(0),
              nativeRate == null || nativeRate == 0 ? null : median / nativeRate,
              rs.stream().mapToLong(Run::peakRssKb).max().orElse(0) / 1024,
              agrees,
              error));
    });
  }

  /**
   * The native row of the same workload and settings. The loop and the DirectRunner have no
   * parallelism, state backend or mode of their own: theirs is the native streaming row of the same
   * workload, whatever its size when theirs differs.
   */
  private static Double nativeMedian(Row row, Map<Row, Double> medians) {
    boolean own = row.variant() == Bench.Variant.LOOP || row.variant() == Bench.Variant.BEAM_DIRECT;
    for (boolean ignoreEvents : new boolean[] {false, true}) {
      for (Map.Entry<Row, Double> e : medians.entrySet()) {
        Row candidate = e.getKey();
        if (candidate.variant() != Bench.Variant.NATIVE || !candidate.group().equals(row.group())) {
          continue;
        }
        if (own && !candidate.streaming()) {
          continue;
        }
        if (comparable(candidate, own, ignoreEvents).equals(comparable(row, own, ignoreEvents))) {
          return e.getValue();
        }
      }
    }
    return null;
  }

  private static Map<String, String> comparable(Row row, boolean own, boolean ignoreEvents) {
    Map<String, String> w = new LinkedHashMap<>(row.workload());
    if (own) {
      w.keySet().removeAll(java.util.Set.of("parallelism", "stateBackend", "streaming"));
    }
    if (ignoreEvents) {
      w.remove("events");
    }
    return w;
  }

  private static double[] rates(Row row, List<Run> runs) {
    long events = Long.parseLong(row.workload().get("events"));
    return runs.stream().filter(r -> r.error() == null && r.seconds() > 0).mapToDouble(r -> events / r.seconds()).toArray();
  }

  private static double median(double[] values) {
    if (values.length == 0) {
      return 0;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }

  boolean allAgree() {
    return lines.stream().allMatch(Line::agrees);
  }

  String table() {
    StringBuilder t = new StringBuilder();
    t.append(String.format(Locale.ROOT, "%-62s %10s %10s %10s %8s %9s %6s  %s%n", "variant", "events/s", "min", "max", "x native", "peak RSS", "agrees", "options"));
    for (Line l : lines) {
      t.append(
          String.format(
              Locale.ROOT,
              "%-62s %10s %10s %10s %8s %6d MiB %6s  %s%n",
              l.row().name() + (l.row().group().isEmpty() ? "" : " " + l.row().group()),
              rate(l.median()),
              rate(l.min()),
              rate(l.max()),
              l.ratio() == null ? "-" : String.format(Locale.ROOT, "%.3f", l.ratio()),
              l.peakRssMib(),
              l.agrees() ? "yes" : "NO",
              l.row().options() + (l.error() == null ? "" : "  FAILED: " + l.error())));
    }
    return t.toString();
  }

  private static String rate(double eventsPerSecond) {
    return eventsPerSecond >= 1e6
        ? String.format(Locale.ROOT, "%.2fM", eventsPerSecond / 1e6)
        : String.format(Locale.ROOT, "%.1fk", eventsPerSecond / 1e3);
  }

  String csv() {
    StringBuilder c = new StringBuilder("variant,mode,group,events_per_s_median,events_per_s_min,events_per_s_max,ratio_to_native,peak_rss_mib,agrees,options\n");
    for (Line l : lines) {
      c.append(String.format(
          Locale.ROOT,
          "\"%s\",%s,\"%s\",%.0f,%.0f,%.0f,%s,%d,%s,\"%s\"%n",
          l.row().variant().label,
          l.row().streaming() ? "streaming" : "batch",
          l.row().group(),
          l.median(),
          l.min(),
          l.max(),
          l.ratio() == null ? "" : String.format(Locale.ROOT, "%.4f", l.ratio()),
          l.peakRssMib(),
          l.agrees(),
          l.row().options()));
    }
    return c.toString();
  }

  /**
   * Bars of events per second on a log scale, one per row, with the ratio to native Flink, and when,
   * where and with which command they were measured.
   */
  String svg(String command) {
    List<BarChart.Bar> bars = new ArrayList<>();
    for (Line l : lines) {
      String colour = switch (l.row().variant()) {
        case LOOP -> "#888888";
        case NATIVE -> "#e6772e";
        case BEAM_FLINK -> "#3b7dd8";
        case BEAM_CLUSTER -> "#2a9d8f";
        case BEAM_DIRECT -> "#9b5de5";
      };
      bars.add(new BarChart.Bar(
          l.row().name() + (l.row().group().isEmpty() ? "" : " " + l.row().group()),
          l.median(),
          rate(l.median()) + (l.ratio() == null ? "" : String.format(Locale.ROOT, " (%.3f× native)", l.ratio())),
          l.agrees() ? colour : "#cc0000"));
    }
    return BarChart.svg(
        "Events per second (median, log scale): the sales job's core, Beam against native Flink",
        Map.of("", bars),
        true,
        BarChart.provenance(command));
  }
}
