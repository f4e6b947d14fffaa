package dev.eventide.transforms.io;

import dev.eventide.transforms.model.NumberedLine;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * The lines of a {@link LineGenerator} (sales, stock transactions, ...) as a source. Without a
 * rate it is bounded (a batch input, like a file). With a rate it is unbounded ({@link
 * GenerateLinesFn}): paced in processing time, with the generator's watermark, so its late
 * records are really late; after {@code count} lines its watermark reaches the end of time.
 */
public final class GenerateLines extends PTransform<PBegin, PCollection<String>> {

  private final LineGenerator generator;
  private final long count;
  private final long ratePerSecond;

  private GenerateLines(LineGenerator generator, long count, long ratePerSecond) {
    this.generator = generator;
    this.count = count;
    this.ratePerSecond = ratePerSecond;
  }

  /** A bounded source of {@code count} lines. */
  public static GenerateLines bounded(LineGenerator generator, long count) {
    return new GenerateLines(generator, count, 0);
  }

  /** An unbounded source of {@code count} lines at {@code ratePerSecond}. */
  public static GenerateLines unbounded(LineGenerator generator, long count, long ratePerSecond) {
    if (ratePerSecond <= 0) {
      throw new IllegalArgumentException("an unbounded generator needs a rate above 0");
    }
    return new GenerateLines(generator, count, ratePerSecond);
  }

  /**
   * The same lines, each with its number ({@code i}) and {@code source} as its place: for jobs whose
   * result depends on input order.
   */
  public PTransform<PBegin, PCollection<NumberedLine>> numbered(String source) {
    return new PTransform<>() {
      @Override
      public PCollection<NumberedLine> expand(PBegin begin) {
        return generate(
            begin, (i, line) -> new NumberedLine(source, i, line), NumberedLine.NumberedLineCoder.of());
      }
    };
  }

  @Override
  public PCollection<String> expand(PBegin begin) {
    return generate(begin, (i, line) -> line, StringUtf8Coder.of());
  }

  private <O> PCollection<O> generate(PBegin begin, GenerateLinesFn.LineAt<O> output, Coder<O> coder) {
    if (ratePerSecond > 0) {
      // The start is one element of a bounded source, not Beam's Impulse (nor Create, which is
      // an Impulse underneath): on the FlinkRunner an Impulse has no operator id of its own, so
      // Flink derives one from its chaining, which differs between parallelism 1 and more, and a
      // savepoint then no longer maps to a job resumed at the other ("Cannot map
      // checkpoint/savepoint state for operator ..."). A source read gets its transform's name.
      return begin
          .apply("Start", GenerateSequence.from(0).to(1))
          .apply("As impulse", MapElements.into(TypeDescriptor.of(byte[].class)).via((Long start) -> new byte[0]))
          .setCoder(ByteArrayCoder.of())
          .apply(
              "Generated lines at " + ratePerSecond + "/s",
              ParDo.of(new GenerateLinesFn<>(generator, count, ratePerSecond, output)))
          .setCoder(coder);
    }
    LineGenerator lines = generator;
    return begin
        .apply("Indexes", GenerateSequence.from(0).to(count))
        .apply("ToLine", MapElements.into(coder.getEncodedTypeDescriptor()).via((Long i) -> output.at(i, lines.line(i))))
        .setCoder(coder);
  }
}
