package dev.eventide.transforms.aggregate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** The total profit and the number of sales of one key in one pane. */
public record ProfitSummary(long profit, long count) implements java.io.Serializable {

  public static final ProfitSummary EMPTY = new ProfitSummary(0, 0);

  public ProfitSummary plus(long saleProfit) {
    return new ProfitSummary(profit + saleProfit, count + 1);
  }

  public ProfitSummary plus(ProfitSummary other) {
    return new ProfitSummary(profit + other.profit, count + other.count);
  }

  /** Coder for summaries. */
  public static final class ProfitSummaryCoder extends AtomicCoder<ProfitSummary> {
    private static final ProfitSummaryCoder INSTANCE = new ProfitSummaryCoder();
    private static final VarLongCoder LONG = VarLongCoder.of();

    public static ProfitSummaryCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(ProfitSummary value, OutputStream out) throws IOException {
      LONG.encode(value.profit(), out);
      LONG.encode(value.count(), out);
    }

    @Override
    public ProfitSummary decode(InputStream in) throws IOException {
      return new ProfitSummary(LONG.decode(in), LONG.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
