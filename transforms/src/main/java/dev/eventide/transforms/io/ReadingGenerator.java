package dev.eventide.transforms.io;

import dev.eventide.transforms.model.Reading;
import java.util.Optional;
import java.util.SplittableRandom;
import org.joda.time.Instant;

/**
 * Device readings for the telemetry job, line {@code i} a function of {@code i} alone: reading
 * {@code i} comes from device {@code sensor-(i mod devices)}, arrives {@code intervalMillis} after
 * the one before, was taken up to {@code maxDisorderMillis} before it arrives, and holds a value
 * around 20 with the device's own offset. A {@code malformedFraction} of lines are broken.
 */
public record ReadingGenerator(
    long seed, Instant start, long intervalMillis, long maxDisorderMillis, double malformedFraction, int devices)
    implements LineGenerator {

  private static final int MALFORMED_KINDS = 4;

  public ReadingGenerator {
    if (intervalMillis <= 0 || maxDisorderMillis < 0 || devices < 1) {
      throw new IllegalArgumentException("interval must be > 0, disorder >= 0, devices >= 1");
    }
    if (!(malformedFraction >= 0 && malformedFraction <= 1)) {
      throw new IllegalArgumentException("the malformed fraction must lie in [0, 1]");
    }
  }

  /** When line {@code i} arrives: one disorder bound after {@code start}, then every interval. */
  public Instant arrival(long i) {
    return start.plus(maxDisorderMillis + i * intervalMillis);
  }

  @Override
  public Instant watermarkAfter(long i) {
    return arrival(i).minus(maxDisorderMillis);
  }

  /** The reading line {@code i} holds, or empty when the line is malformed. */
  public Optional<Reading> reading(long i) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
    if (random.nextDouble() < malformedFraction) {
      return Optional.empty();
    }
    long device = i % devices;
    Instant time = arrival(i).minus(random.nextLong(maxDisorderMillis + 1));
    // Tenths, so that sums and averages are easy to check by hand.
    double value = (200 + 10 * device + random.nextInt(-50, 51)) / 10.0;
    return Optional.of(new Reading(time, "sensor-" + device, value));
  }

  @Override
  public String line(long i) {
    return reading(i).map(ReadingGenerator::format).orElseGet(() -> malformed(i));
  }

  /** A reading in the telemetry format. */
  public static String format(Reading reading) {
    return FormatPanesAsJson.isoInstant(reading.eventTime()) + "," + reading.device() + "," + reading.value();
  }

  private String malformed(long i) {
    String time = FormatPanesAsJson.isoInstant(arrival(i));
    return switch ((int) (i % MALFORMED_KINDS)) {
      case 0 -> time + ",sensor-1";
      case 1 -> time + ",sensor-1,warm";
      case 2 -> "yesterday,sensor-1,20.5";
      default -> time + ",,20.5";
    };
  }
}
