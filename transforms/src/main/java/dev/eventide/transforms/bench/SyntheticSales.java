package dev.eventide.transforms.bench;

import dev.eventide.transforms.model.Sale;
import java.io.Serializable;
import org.joda.time.Instant;

/**
 * The benchmark's workload, the same for every implementation (Beam on any runner, native Flink, a
 * plain loop): sale {@code i} of {@code events}, a function of {@code i} alone. Sales are {@code
 * intervalMillis} apart from {@code start}, each up to {@code maxDisorderMillis} earlier (bounded
 * disorder), of one of {@code keys} products ({@code p0}, {@code p1}, ...), with a profit from -10
 * to 60. The watermark after sale {@code i} trails it by the disorder bound, so no sale is late.
 */
public record SyntheticSales(long events, int keys, long intervalMillis, long maxDisorderMillis) implements Serializable {

  public static final long START_MILLIS = Instant.parse("2018-06-01T00:00:00Z").getMillis();

  public SyntheticSales {
    if (events < 0 || keys < 1 || intervalMillis < 1 || maxDisorderMillis < 0) {
      throw new IllegalArgumentException("events >= 0, keys >= 1, interval >= 1 ms and disorder >= 0 ms");
    }
  }

  /** The default workload of the summary's sales job at speed: 1 ms apart, up to 2 s out of order. */
  public static SyntheticSales of(long events, int keys) {
    return new SyntheticSales(events, keys, 1, 2000);
  }

  /** Sale {@code i}'s event time in milliseconds. */
  public long eventMillis(long i) {
    long arrival = START_MILLIS + maxDisorderMillis + i * intervalMillis;
    return arrival - Long.remainderUnsigned(mix(i ^ 0x5DEECE66DL), maxDisorderMillis + 1);
  }

  /** Sale {@code i}'s product index, 0 to keys - 1. */
  public int keyIndex(long i) {
    return (int) Long.remainderUnsigned(mix(i), keys);
  }

  /** Sale {@code i}'s product name. */
  public String key(long i) {
    return "p" + keyIndex(i);
  }

  /** Sale {@code i}'s profit, -10 to 60. */
  public int profit(long i) {
    return (int) Long.remainderUnsigned(mix(i + 0x9E3779B97F4A7C15L), 71) - 10;
  }

  /** Sale {@code i} as the sales job's model. */
  public Sale sale(long i) {
    return new Sale(Instant.ofEpochMilli(eventMillis(i)), "June", "Category1", key(i), profit(i));
  }

  /** The watermark once sale {@code i} is out: its arrival less the disorder bound. */
  public long watermarkAfterMillis(long i) {
    return START_MILLIS + i * intervalMillis;
  }

  /**
   * One window result's part of the checksum that every implementation prints: the sum of these
   * over all results, so the order of results does not matter and a missing, extra or wrong result
   * changes it (with near certainty).
   */
  public static long checksum(String key, long windowEndMillis, long profit, long count) {
    long h = mix(key.hashCode() * 0x100000001B3L ^ windowEndMillis);
    h = mix(h ^ profit * 31 ^ count);
    return h >>> 33; // 31 bits: millions of them add up without overflow
  }

  /** SplitMix64's finaliser: a cheap, well-spread function of a long. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
