package dev.eventide.testing.metrics;

import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/** Counters of a finished pipeline, summed over every step that reports them. */
public final class Counters {

  private Counters() {}

  /** The attempted total of counter {@code name} in {@code namespace}. */
  public static long total(PipelineResult result, String namespace, String name) {
    long total = 0;
    for (MetricResult<Long> c : all(result)) {
      if (c.getName().getNamespace().equals(namespace) && c.getName().getName().equals(name)) {
        total += c.getAttempted();
      }
    }
    return total;
  }

  /**
   * The attempted total of every counter called {@code name}, in any namespace and in any case:
   * runners name their own counters differently ({@code droppedDueToLateness} on Flink, {@code
   * DroppedDueToLateness} on the DirectRunner).
   */
  public static long totalOfAnyNamespace(PipelineResult result, String name) {
    long total = 0;
    for (MetricResult<Long> c : all(result)) {
      if (c.getName().getName().equalsIgnoreCase(name)) {
        total += c.getAttempted();
      }
    }
    return total;
  }

  private static Iterable<MetricResult<Long>> all(PipelineResult result) {
    return result.metrics().queryMetrics(MetricsFilter.builder().build()).getCounters();
  }
}
