package dev.eventide.transforms.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventide.transforms.model.CardTransaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;

/** A transaction and every rule it broke, in {@link FraudRule} order. */
public record FlaggedTransaction(CardTransaction transaction, List<FraudRule> rules) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * {@code {"transactionId":"HFXR347924","customerId":"id_347hfx","cardNumber":"123302773033",
   * "rules":["ALARMED_CUSTOMER","LOST_CARD"],"transaction":"<the line as read>"}}.
   */
  public String toJson() {
    ObjectNode json = JSON.createObjectNode();
    json.put("transactionId", transaction.transactionId());
    json.put("customerId", transaction.customerId());
    json.put("cardNumber", transaction.cardNumber());
    ArrayNode names = json.putArray("rules");
    rules.forEach(rule -> names.add(rule.name()));
    json.put("transaction", transaction.line());
    return json.toString();
  }

  /** Coder of flagged transactions. */
  public static final class FlaggedTransactionCoder extends AtomicCoder<FlaggedTransaction> {
    private static final FlaggedTransactionCoder INSTANCE = new FlaggedTransactionCoder();

    public static FlaggedTransactionCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(FlaggedTransaction value, OutputStream out) throws IOException {
      CardTransaction.CardTransactionCoder.of().encode(value.transaction(), out);
      VarIntCoder.of().encode(value.rules().size(), out);
      for (FraudRule rule : value.rules()) {
        StringUtf8Coder.of().encode(rule.name(), out);
      }
    }

    @Override
    public FlaggedTransaction decode(InputStream in) throws IOException {
      CardTransaction transaction = CardTransaction.CardTransactionCoder.of().decode(in);
      int n = VarIntCoder.of().decode(in);
      List<FraudRule> rules = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        rules.add(FraudRule.valueOf(StringUtf8Coder.of().decode(in)));
      }
      return new FlaggedTransaction(transaction, rules);
    }
  }
}
