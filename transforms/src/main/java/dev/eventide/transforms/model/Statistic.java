package dev.eventide.transforms.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;

/** A named statistic of one key, such as the average passengers per pickup location of "Sector 19". */
public record Statistic(String name, String key, double value) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * {@code {"statistic":"<name>","key":"<key>","value":<value>}}; a whole value (a total, or an
   * average that comes out whole) is written without a fraction.
   */
  public String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("statistic", name);
    node.put("key", key);
    if (value == Math.rint(value) && Math.abs(value) < 0x1p53) {
      node.put("value", (long) value);
    } else {
      node.put("value", value);
    }
    return node.toString();
  }

  /** Coder for statistics. */
  public static final class StatisticCoder extends AtomicCoder<Statistic> {
    private static final StatisticCoder INSTANCE = new StatisticCoder();
    private static final StringUtf8Coder TEXT = StringUtf8Coder.of();

    public static StatisticCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(Statistic statistic, OutputStream out) throws IOException {
      TEXT.encode(statistic.name(), out);
      TEXT.encode(statistic.key(), out);
      DoubleCoder.of().encode(statistic.value(), out);
    }

    @Override
    public Statistic decode(InputStream in) throws IOException {
      return new Statistic(TEXT.decode(in), TEXT.decode(in), DoubleCoder.of().decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
