package dev.eventide.transforms.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.joda.time.Instant;

/** One sale of the summary's sales format: when, which month, category, product, and profit. */
public record Sale(Instant eventTime, String month, String category, String product, int profit) {

  /** A compact, deterministic coder: a sale crosses every shuffle of the job. */
  public static final class SaleCoder extends AtomicCoder<Sale> {
    private static final SaleCoder INSTANCE = new SaleCoder();
    private static final Coder<Instant> TIME = InstantCoder.of();
    private static final Coder<String> TEXT = StringUtf8Coder.of();
    private static final Coder<Integer> INT = VarIntCoder.of();

    public static SaleCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(Sale sale, OutputStream out) throws IOException {
      TIME.encode(sale.eventTime(), out);
      TEXT.encode(sale.month(), out);
      TEXT.encode(sale.category(), out);
      TEXT.encode(sale.product(), out);
      INT.encode(sale.profit(), out);
    }

    @Override
    public Sale decode(InputStream in) throws IOException {
      return new Sale(
          TIME.decode(in), TEXT.decode(in), TEXT.decode(in), TEXT.decode(in), INT.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
