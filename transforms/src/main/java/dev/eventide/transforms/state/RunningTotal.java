package dev.eventide.transforms.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventide.transforms.io.FormatPanesAsJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.joda.time.Instant;

/** A key's total profit and number of sales since the job started, as reported at an instant. */
public record RunningTotal(Instant reportedAt, long profit, long count) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code {"key":"June","reportedAt":"2018-06-01T00:00:10Z","runningProfit":412,"runningCount":19}}. */
  public String toJson(String key) {
    ObjectNode node = JSON.createObjectNode();
    node.put("key", key);
    node.put("reportedAt", FormatPanesAsJson.isoInstant(reportedAt));
    node.put("runningProfit", profit);
    node.put("runningCount", count);
    return node.toString();
  }

  /** Coder for running totals. */
  public static final class RunningTotalCoder extends AtomicCoder<RunningTotal> {
    private static final RunningTotalCoder INSTANCE = new RunningTotalCoder();

    public static RunningTotalCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(RunningTotal value, OutputStream out) throws IOException {
      InstantCoder.of().encode(value.reportedAt(), out);
      VarLongCoder.of().encode(value.profit(), out);
      VarLongCoder.of().encode(value.count(), out);
    }

    @Override
    public RunningTotal decode(InputStream in) throws IOException {
      return new RunningTotal(
          InstantCoder.of().decode(in), VarLongCoder.of().decode(in), VarLongCoder.of().decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
