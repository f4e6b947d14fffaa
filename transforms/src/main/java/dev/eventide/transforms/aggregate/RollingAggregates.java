package dev.eventide.transforms.aggregate;

import dev.eventide.transforms.model.NumberedLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * The summary's {@code ComputeAggregates} per key: the sum, minimum and maximum of a value, and the
 * lines holding the minimum and the maximum (Flink's {@code minBy} and {@code maxBy}), as of every
 * pane of the input's windowing: final values in batch, a running result per record in a stream
 * whose global window fires per element with accumulating panes. Input {@code KV<key, KV<line,
 * value>>}.
 *
 * <p>Of records with the same smallest (largest) value, {@code minBy} ({@code maxBy}) is the one
 * that came first in the input, by its numbered line, as Flink's {@code minBy(field, true)} keeps
 * the first; so the result does not depend on the order a runner combines in.
 */
public final class RollingAggregates
    extends PTransform<PCollection<KV<String, KV<NumberedLine, Long>>>, PCollection<KV<String, RollingAggregates.Aggregates>>> {

  private RollingAggregates() {}

  public static RollingAggregates perKey() {
    return new RollingAggregates();
  }

  @Override
  public PCollection<KV<String, Aggregates>> expand(PCollection<KV<String, KV<NumberedLine, Long>>> values) {
    Accumulate<KV<NumberedLine, Long>, Aggregates> aggregate =
        Accumulate.of(Aggregates.NONE, Aggregates::add, Aggregates::merge, AggregatesCoder.of());
    return values.apply("Aggregate", Combine.perKey(aggregate));
  }

  /**
   * The aggregates of {@code count} values: their sum, minimum and maximum, and the first line
   * holding each. {@link #NONE} (no value yet) has null lines.
   */
  public record Aggregates(long count, long sum, long min, long max, NumberedLine minBy, NumberedLine maxBy)
      implements Serializable {

    public static final Aggregates NONE = new Aggregates(0, 0, Long.MAX_VALUE, Long.MIN_VALUE, null, null);

    Aggregates add(KV<NumberedLine, Long> value) {
      long v = value.getValue();
      return merge(new Aggregates(1, v, v, v, value.getKey(), value.getKey()));
    }

    Aggregates merge(Aggregates other) {
      if (other.count == 0) {
        return this;
      }
      if (count == 0) {
        return other;
      }
      boolean otherMin = other.min < min || other.min == min && other.minBy.compareTo(minBy) < 0;
      boolean otherMax = other.max > max || other.max == max && other.maxBy.compareTo(maxBy) < 0;
      return new Aggregates(
          count + other.count,
          sum + other.sum,
          otherMin ? other.min : min,
          otherMax ? other.max : max,
          otherMin ? other.minBy : minBy,
          otherMax ? other.maxBy : maxBy);
    }
  }

  /** Coder for aggregates. */
  public static final class AggregatesCoder extends AtomicCoder<Aggregates> {
    private static final AggregatesCoder INSTANCE = new AggregatesCoder();
    private static final VarLongCoder LONG = VarLongCoder.of();
    private static final NullableCoder<NumberedLine> LINE = NullableCoder.of(NumberedLine.NumberedLineCoder.of());

    public static AggregatesCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(Aggregates value, OutputStream out) throws IOException {
      LONG.encode(value.count(), out);
      LONG.encode(value.sum(), out);
      LONG.encode(value.min(), out);
      LONG.encode(value.max(), out);
      LINE.encode(value.minBy(), out);
      LINE.encode(value.maxBy(), out);
    }

    @Override
    public Aggregates decode(InputStream in) throws IOException {
      return new Aggregates(
          LONG.decode(in), LONG.decode(in), LONG.decode(in), LONG.decode(in), LINE.decode(in), LINE.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
