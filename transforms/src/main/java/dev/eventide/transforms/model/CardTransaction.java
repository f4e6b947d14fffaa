package dev.eventide.transforms.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.joda.time.Instant;

/**
 * A card transaction of the summary's bank format, with the line it was read from. {@code
 * occurrence} tells apart two transactions that share an id or even a whole line (real files
 * repeat lines): each line read is a transaction of its own.
 */
public record CardTransaction(
    String occurrence,
    String transactionId,
    Instant time,
    String city,
    String customerId,
    String accountId,
    String cardNumber,
    String amount,
    String line) {

  /** A compact, deterministic coder. */
  public static final class CardTransactionCoder extends AtomicCoder<CardTransaction> {
    private static final CardTransactionCoder INSTANCE = new CardTransactionCoder();
    private static final Coder<String> TEXT = StringUtf8Coder.of();

    public static CardTransactionCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(CardTransaction t, OutputStream out) throws IOException {
      TEXT.encode(t.occurrence(), out);
      TEXT.encode(t.transactionId(), out);
      InstantCoder.of().encode(t.time(), out);
      TEXT.encode(t.city(), out);
      TEXT.encode(t.customerId(), out);
      TEXT.encode(t.accountId(), out);
      TEXT.encode(t.cardNumber(), out);
      TEXT.encode(t.amount(), out);
      TEXT.encode(t.line(), out);
    }

    @Override
    public CardTransaction decode(InputStream in) throws IOException {
      return new CardTransaction(
          TEXT.decode(in), TEXT.decode(in), InstantCoder.of().decode(in), TEXT.decode(in), TEXT.decode(in),
          TEXT.decode(in), TEXT.decode(in), TEXT.decode(in), TEXT.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
