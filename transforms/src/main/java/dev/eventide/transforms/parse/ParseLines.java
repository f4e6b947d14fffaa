package dev.eventide.transforms.parse;

import dev.eventide.transforms.model.DeadLetter;
import dev.eventide.transforms.model.NumberedLine;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.transforms.SerializableBiFunction;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses lines of text into records stamped with their own event time. A line that cannot be
 * parsed is never dropped: it goes to the dead-letter output with its text and the reason, and is
 * counted. Blank lines are skipped and counted too, so that lines read = records + dead letters +
 * blank lines.
 *
 * <p>Counters, in the namespace {@code eventide.parse.<parser name>}: {@value #RECORDS}, {@value
 * #DEAD_LETTERS}, {@value #BLANK_LINES}.
 */
public final class ParseLines<T> extends PTransform<PCollection<String>, Parsed<T>> {

  public static final String RECORDS = "records";
  public static final String DEAD_LETTERS = "deadLetters";
  public static final String BLANK_LINES = "blankLines";

  private final LineParser<T> parser;

  private ParseLines(LineParser<T> parser) {
    this.parser = parser;
  }

  public static <T> ParseLines<T> with(LineParser<T> parser) {
    return new ParseLines<>(parser);
  }

  /** The counter namespace of a parser, for reading its counters from a pipeline result. */
  public static String counterNamespace(LineParser<?> parser) {
    return "eventide.parse." + parser.name();
  }

  /**
   * The same for lines that know their place in the input: each record comes out beside its
   * numbered line, for results that depend on input order (the first of equal values).
   */
  public static <T> Numbered<T> numbered(LineParser<T> parser) {
    return new Numbered<>(parser);
  }

  @Override
  public Parsed<T> expand(PCollection<String> lines) {
    return parse(lines, parser, line -> line, (line, record) -> record, parser.coder());
  }

  /** See {@link #numbered}. */
  public static final class Numbered<T>
      extends PTransform<PCollection<NumberedLine>, Parsed<KV<NumberedLine, T>>> {
    private final LineParser<T> parser;

    private Numbered(LineParser<T> parser) {
      this.parser = parser;
    }

    @Override
    public Parsed<KV<NumberedLine, T>> expand(PCollection<NumberedLine> lines) {
      return parse(
          lines,
          parser,
          NumberedLine::text,
          KV::of,
          KvCoder.of(NumberedLine.NumberedLineCoder.of(), parser.coder()));
    }
  }

  private static <I, T, O> Parsed<O> parse(
      PCollection<I> lines,
      LineParser<T> parser,
      SerializableFunction<I, String> textOf,
      SerializableBiFunction<I, T, O> output,
      Coder<O> coder) {
    TupleTag<O> recordsTag = new TupleTag<>() {};
    TupleTag<DeadLetter> deadLettersTag = new TupleTag<>() {};
    PCollectionTuple outputs =
        lines.apply(
            "Parse",
            ParDo.of(new ParseFn<>(parser, textOf, output, recordsTag, deadLettersTag))
                .withOutputTags(recordsTag, TupleTagList.of(deadLettersTag)));
    return new Parsed<>(
        recordsTag,
        outputs.get(recordsTag).setCoder(coder),
        deadLettersTag,
        outputs.get(deadLettersTag).setCoder(DeadLetter.DeadLetterCoder.of()));
  }

  private static final String BYTE_ORDER_MARK = "\uFEFF";

  private static final class ParseFn<I, T, O> extends DoFn<I, O> {
    private static final Logger LOG = LoggerFactory.getLogger(ParseLines.class);

    private final LineParser<T> parser;
    private final SerializableFunction<I, String> textOf;
    private final SerializableBiFunction<I, T, O> output;
    private final TupleTag<O> recordsTag;
    private final TupleTag<DeadLetter> deadLettersTag;
    private final Counter records;
    private final Counter deadLetters;
    private final Counter blankLines;

    ParseFn(
        LineParser<T> parser,
        SerializableFunction<I, String> textOf,
        SerializableBiFunction<I, T, O> output,
        TupleTag<O> recordsTag,
        TupleTag<DeadLetter> deadLettersTag) {
      this.parser = parser;
      this.textOf = textOf;
      this.output = output;
      this.recordsTag = recordsTag;
      this.deadLettersTag = deadLettersTag;
      String namespace = counterNamespace(parser);
      this.records = Metrics.counter(namespace, RECORDS);
      this.deadLetters = Metrics.counter(namespace, DEAD_LETTERS);
      this.blankLines = Metrics.counter(namespace, BLANK_LINES);
    }

    @ProcessElement
    public void process(@Element I input, MultiOutputReceiver out) {
      String line = textOf.apply(input);
      // A file saved with a byte-order mark carries it on its first line.
      String trimmed = (line.startsWith(BYTE_ORDER_MARK) ? line.substring(1) : line).strip();
      if (trimmed.isEmpty()) {
        blankLines.inc();
        return;
      }
      try {
        T record = parser.parse(trimmed);
        records.inc();
        Instant eventTime = parser.eventTime(record);
        if (eventTime == null) {
          out.get(recordsTag).output(output.apply(input, record));
        } else {
          out.get(recordsTag).outputWithTimestamp(output.apply(input, record), eventTime);
        }
      } catch (InvalidRecordException e) {
        deadLetters.inc();
        // Expected in real data: the dead-letter output and the counter tell the story, so the
        // log says it only at debug level, without a stack trace.
        LOG.debug("{}: dead letter ({}): {}", parser.name(), e.getMessage(), line);
        out.get(deadLettersTag).output(new DeadLetter(line, e.getMessage()));
      }
    }

    /**
     * A record's own event time may be earlier than the timestamp its line came with (a file line
     * has none): the record's time is the one that counts. An unbounded source should stamp lines
     * no later than the event times they may hold (its watermark does the same), or records move
     * behind the runner's watermark hold and become late.
     */
    @Override
    @SuppressWarnings("deprecation")
    public Duration getAllowedTimestampSkew() {
      return Duration.millis(Long.MAX_VALUE);
    }
  }
}
