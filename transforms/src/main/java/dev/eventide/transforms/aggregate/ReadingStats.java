package dev.eventide.transforms.aggregate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** The number, minimum, maximum and sum of a device's readings in one pane; the average from them. */
public record ReadingStats(long count, double min, double max, double sum) implements java.io.Serializable {

  public static final ReadingStats EMPTY =
      new ReadingStats(0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0);

  public ReadingStats plus(double value) {
    return new ReadingStats(count + 1, Math.min(min, value), Math.max(max, value), sum + value);
  }

  public ReadingStats plus(ReadingStats other) {
    return new ReadingStats(count + other.count, Math.min(min, other.min), Math.max(max, other.max), sum + other.sum);
  }

  public double average() {
    return sum / count;
  }

  /**
   * The average rounded so that it does not depend on the order the runner added in: to 6
   * decimals, or to 15 significant digits where a double has no 6 decimals to give (a plain
   * {@code Math.round} would clamp anything above 9.2e12 to Long.MAX_VALUE).
   */
  public double roundedAverage() {
    double average = average();
    if (Math.abs(average) < 1e9) {
      return Math.round(average * 1e6) / 1e6;
    }
    return new BigDecimal(average).round(new MathContext(15)).doubleValue();
  }

  /** Coder for statistics. */
  public static final class ReadingStatsCoder extends AtomicCoder<ReadingStats> {
    private static final ReadingStatsCoder INSTANCE = new ReadingStatsCoder();

    public static ReadingStatsCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(ReadingStats stats, OutputStream out) throws IOException {
      VarLongCoder.of().encode(stats.count(), out);
      DoubleCoder.of().encode(stats.min(), out);
      DoubleCoder.of().encode(stats.max(), out);
      DoubleCoder.of().encode(stats.sum(), out);
    }

    @Override
    public ReadingStats decode(InputStream in) throws IOException {
      return new ReadingStats(
          VarLongCoder.of().decode(in), DoubleCoder.of().decode(in), DoubleCoder.of().decode(in), DoubleCoder.of().decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
