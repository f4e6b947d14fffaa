package dev.eventide.bench;

import dev.eventide.transforms.bench.SyntheticSales;
import dev.eventide.transforms.windowing.WindowSpec;
import java.util.HashMap;
import java.util.Map;

/**
 * The options every implementation of the benchmark takes, as {@code --name=value}: {@code
 * --events}, {@code --keys}, {@code --maxDisorderMillis}, {@code --window} (fixed:&lt;size&gt; or
 * sliding:&lt;size&gt;,&lt;period&gt;), {@code --parallelism}, {@code --stateBackend}
 * (hashmap|rocksdb), {@code --streaming} (true|false).
 */
record BenchArgs(SyntheticSales workload, long windowSizeMillis, long windowPeriodMillis, int parallelism, String stateBackend, boolean streaming) {

  static BenchArgs parse(String[] args) {
    Map<String, String> values = new HashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, not '" + arg + "'");
      }
      values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    WindowSpec window = WindowSpec.parse(values.getOrDefault("window", "fixed:10s"));
    long size = window.size().getMillis();
    long period = window.kind() == WindowSpec.Kind.SLIDING ? window.period().getMillis() : size;
    SyntheticSales workload =
        new SyntheticSales(
            Long.parseLong(values.getOrDefault("events", "2000000")),
            Integer.parseInt(values.getOrDefault("keys", "1000")),
            1,
            Long.parseLong(values.getOrDefault("maxDisorderMillis", "2000")));
    return new BenchArgs(
        workload,
        size,
        period,
        Integer.parseInt(values.getOrDefault("parallelism", "1")),
        values.getOrDefault("stateBackend", "hashmap"),
        Boolean.parseBoolean(values.getOrDefault("streaming", "true")));
  }

  /** The line the driver reads: the run's seconds and what it computed. */
  static String resultLine(double seconds, long results, long profit, long count, long checksum) {
    return String.format(
        java.util.Locale.ROOT,
        "RESULT seconds=%.3f results=%d profit=%d count=%d checksum=%d",
        seconds,
        results,
        profit,
        count,
        checksum);
  }
}
