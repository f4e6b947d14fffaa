package dev.eventide.bench;

import dev.eventide.transforms.bench.SyntheticSales;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The workload in a plain single-threaded loop: per key and window a running sum and count in a
 * HashMap, a window emitted (counted) once the watermark passes its end. The machine's limit per
 * core for this work: no framework, no serialization.
 */
public final class JavaLoopBench {

  private JavaLoopBench() {}

  public static void main(String[] args) {
    BenchArgs bench = BenchArgs.parse(args);
    System.out.println(run(bench));
  }

  static String run(BenchArgs bench) {
    SyntheticSales sales = bench.workload();
    long size = bench.windowSizeMillis();
    long period = bench.windowPeriodMillis();
    long started = System.nanoTime();
    Map<Long, Map<String, long[]>> windows = new HashMap<>(); // window end -> key -> {profit, count}
    long[] totals = new long[4]; // results, profit, count, checksum
    for (long i = 0; i < sales.events(); i++) {
      long t = sales.eventMillis(i);
      String key = sales.key(i);
      int profit = sales.profit(i);
      // Every window [start, start + size) with start a multiple of period that holds t.
      long lastStart = Math.floorDiv(t, period) * period;
      for (long start = lastStart; start > t - size; start -= period) {
        long[] sum = windows.computeIfAbsent(start + size, e -> new HashMap<>()).computeIfAbsent(key, k -> new long[2]);
        sum[0] += profit;
        sum[1]++;
      }
      if (i % 1000 == 999) {
        emitClosed(windows, sales.watermarkAfterMillis(i), totals);
      }
    }
    emitClosed(windows, Long.MAX_VALUE, totals);
    double seconds = (System.nanoTime() - started) / 1e9;
    return BenchArgs.resultLine(seconds, totals[0], totals[1], totals[2], totals[3]);
  }

  private static void emitClosed(Map<Long, Map<String, long[]>> windows, long watermark, long[] totals) {
    Iterator<Map.Entry<Long, Map<String, long[]>>> it = windows.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Long, Map<String, long[]>> window = it.next();
      if (window.getKey() - 1 <= watermark) {
        window.getValue().forEach((key, sum) -> {
          totals[0]++;
          totals[1] += sum[0];
          totals[2] += sum[1];
          totals[3] += SyntheticSales.checksum(key, window.getKey(), sum[0], sum[1]);
        });
        it.remove();
      }
    }
  }
}
