package dev.eventide.transforms.parse;

import dev.eventide.transforms.model.CardTransaction;
import java.math.BigDecimal;
import java.util.UUID;
import org.apache.beam.sdk.coders.Coder;
import org.joda.time.Instant;

/**
 * The summary's card transactions: {@code transaction id,timestamp,city,customer id,account
 * id,card number,amount}, e.g. {@code
 * HFXR347924,2018-06-14 23:32:23,Chandigarh,id_347hfx,hf98678167,123302773033,774}. The timestamp
 * ({@code yyyy-MM-dd HH:mm:ss} UTC, or ISO-8601) is the event time; the amount is a decimal
 * number (see {@link #amount}).
 */
public final class CardTransactionParser implements LineParser<CardTransaction> {

  @Override
  public CardTransaction parse(String line) throws InvalidRecordException {
    String[] f = Fields.split(line, "transactionId", "timestamp", "city", "customerId", "accountId", "cardNumber", "amount");
    String amount = amount(Fields.text("amount", f[6]));
    return new CardTransaction(
        UUID.randomUUID().toString(),
        Fields.text("transactionId", f[0]),
        Fields.time("timestamp", f[1]),
        Fields.text("city", f[2]),
        Fields.text("customerId", f[3]),
        Fields.text("accountId", f[4]),
        Fields.text("cardNumber", f[5]),
        amount,
        line);
  }

  /**
   * A decimal number with at most {@link Limits#DECIMAL_DIGITS} digits before its point and as many
   * after it, checked before anything expands it: {@code 1e999999999} is a valid BigDecimal whose
   * plain form would take a gigabyte.
   */
  private static String amount(String text) throws InvalidRecordException {
    // Checked first: a megabyte of digits takes BigDecimal a minute to read.
    if (text.length() > 2 * Limits.DECIMAL_DIGITS + 8) {
      throw new InvalidRecordException("amount of " + text.length() + " characters is too long: at most "
          + Limits.DECIMAL_DIGITS + " digits before the point and " + Limits.DECIMAL_DIGITS + " after it");
    }
    BigDecimal number;
    try {
      number = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new InvalidRecordException("amount " + Fields.quote(text) + " is not a number");
    }
    long integerDigits = (long) number.precision() - number.scale();
    if (integerDigits > Limits.DECIMAL_DIGITS || number.scale() > Limits.DECIMAL_DIGITS) {
      throw new InvalidRecordException(
          "amount " + Fields.quote(text) + " is out of range: at most " + Limits.DECIMAL_DIGITS + " digits before the point and "
              + Limits.DECIMAL_DIGITS + " after it");
    }
    return text;
  }

  @Override
  public Instant eventTime(CardTransaction transaction) {
    return transaction.time();
  }

  @Override
  public Coder<CardTransaction> coder() {
    return CardTransaction.CardTransactionCoder.of();
  }

  @Override
  public String name() {
    return "cardTransactions";
  }
}
