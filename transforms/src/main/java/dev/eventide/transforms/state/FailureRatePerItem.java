package dev.eventide.transforms.state;

import dev.eventide.transforms.windowing.ApplyWindowing;
import dev.eventide.transforms.windowing.WindowSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Per item and window: how many transactions, how many rejected, the failure rate, and an alert
 * when the rate passes a threshold. The input is (item, rejected?) per transaction.
 */
public final class FailureRatePerItem
    extends PTransform<PCollection<KV<String, Boolean>>, PCollection<KV<String, FailureRatePerItem.Rate>>> {

  private final WindowSpec window;
  private final double alertAbove;

  private FailureRatePerItem(WindowSpec window, double alertAbove) {
    this.window = window;
    this.alertAbove = alertAbove;
  }

  /** Failure rates per {@code window}, alerting when a rate is above {@code alertAbove} (0 to 1). */
  public static FailureRatePerItem of(WindowSpec window, double alertAbove) {
    if (!(alertAbove >= 0 && alertAbove <= 1)) {
      throw new IllegalArgumentException("the alert threshold is a rate from 0 to 1");
    }
    return new FailureRatePerItem(window, alertAbove);
  }

  /** Transactions and rejections of one item in one window, and whether that rate alerts. */
  public record Rate(long transactions, long rejected, boolean alert) {
    public double failureRate() {
      return transactions == 0 ? 0 : (double) rejected / transactions;
    }
  }

  @Override
  public PCollection<KV<String, Rate>> expand(PCollection<KV<String, Boolean>> outcomes) {
    return outcomes
        .apply("Window", ApplyWindowing.<KV<String, Boolean>>of(window))
        .apply("Rate", Combine.perKey(new RateFn(alertAbove)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), RateCoder.INSTANCE));
  }

  private static final class RateFn extends Combine.CombineFn<Boolean, long[], Rate> {
    private final double alertAbove;

    RateFn(double alertAbove) {
      this.alertAbove = alertAbove;
    }

    @Override
    public long[] createAccumulator() {
      return new long[2];
    }

    @Override
    public long[] addInput(long[] counts, Boolean rejected) {
      counts[0]++;
      counts[1] += rejected ? 1 : 0;
      return counts;
    }

    @Override
    public long[] mergeAccumulators(Iterable<long[]> all) {
      long[] total = new long[2];
      for (long[] c : all) {
        total[0] += c[0];
        total[1] += c[1];
      }
      return total;
    }

    @Override
    public Rate extractOutput(long[] counts) {
      return new Rate(counts[0], counts[1], counts[0] > 0 && (double) counts[1] / counts[0] > alertAbove);
    }

    @Override
    public Coder<long[]> getAccumulatorCoder(CoderRegistry registry, Coder<Boolean> input)
        throws CannotProvideCoderException {
      return CountsCoder.INSTANCE;
    }
  }

  private static final class CountsCoder extends AtomicCoder<long[]> {
    static final CountsCoder INSTANCE = new CountsCoder();

    @Override
    public void encode(long[] counts, OutputStream out) throws IOException {
      VarLongCoder.of().encode(counts[0], out);
      VarLongCoder.of().encode(counts[1], out);
    }

    @Override
    public long[] decode(InputStream in) throws IOException {
      return new long[] {VarLongCoder.of().decode(in), VarLongCoder.of().decode(in)};
    }
  }

  static final class RateCoder extends AtomicCoder<Rate> {
    static final RateCoder INSTANCE = new RateCoder();

    @Override
    public void encode(Rate rate, OutputStream out) throws IOException {
      VarLongCoder.of().encode(rate.transactions(), out);
      VarLongCoder.of().encode(rate.rejected(), out);
      BooleanCoder.of().encode(rate.alert(), out);
    }

    @Override
    public Rate decode(InputStream in) throws IOException {
      return new Rate(VarLongCoder.of().decode(in), VarLongCoder.of().decode(in), BooleanCoder.of().decode(in));
    }
  }
}
