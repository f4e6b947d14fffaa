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
 * ({@code yyyy-MM-dd HH:mm:ss} UTC, or ISO-8601) is the event time; the amount is a number.
 */
public final class CardTransactionParser implements LineParser<CardTransaction> {

  @Override
  public CardTransaction parse(String line) throws InvalidRecordException {
    String[] f = Fields.split(line, "transactionId", "timestamp", "city", "customerId", "accountId", "cardNumber", "amount");
    String amount = Fields.text("amount", f[6]);
    try {
      new BigDecimal(amount);
    } catch (NumberFormatException e) {
      throw new InvalidRecordException("amount '" + amount + "' is not a number");
    }
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
