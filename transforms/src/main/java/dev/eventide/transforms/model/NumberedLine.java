package dev.eventide.transforms.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Comparator;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * A line with its place in the input: the source it came from (a file, a generator) and its number
 * there. The place orders lines as they were written, which a batch runner's shuffle does not keep:
 * "the first line with the smallest value" (Flink's {@code minBy}) needs it.
 */
public record NumberedLine(String source, long number, String text) implements Comparable<NumberedLine> {

  private static final Comparator<NumberedLine> ORDER =
      Comparator.comparing(NumberedLine::source).thenComparingLong(NumberedLine::number);

  /** Input order: by source, then by number within the source. */
  @Override
  public int compareTo(NumberedLine other) {
    return ORDER.compare(this, other);
  }

  /** Coder for numbered lines. */
  public static final class NumberedLineCoder extends AtomicCoder<NumberedLine> {
    private static final NumberedLineCoder INSTANCE = new NumberedLineCoder();
    private static final StringUtf8Coder TEXT = StringUtf8Coder.of();

    public static NumberedLineCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(NumberedLine line, OutputStream out) throws IOException {
      TEXT.encode(line.source(), out);
      VarLongCoder.of().encode(line.number(), out);
      TEXT.encode(line.text(), out);
    }

    @Override
    public NumberedLine decode(InputStream in) throws IOException {
      return new NumberedLine(TEXT.decode(in), VarLongCoder.of().decode(in), TEXT.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
