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
 * blank lines. No line stops the job: what a parser accepts must also be what a pipeline can carry
 * ({@link Limits}: the line's length, its text, its event time), checked here once for every
 * parser, and a parser's own failure makes a dead letter too (see {@link #parseLine}).
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

  /**
   * What one line gives: nothing (a blank line), a record with its event time (null: it keeps its
   * line's timestamp), or the reason it is a dead letter. {@link ParseLines} does exactly this for
   * each line, so a test can check what any line gives without a pipeline.
   */
  public record Outcome<T>(T record, Instant eventTime, String rejection) {
    public boolean isBlank() {
      return record == null && rejection == null;
    }

    public boolean isRecord() {
      return record != null;
    }
  }

  /**
   * Parses one line as the transform does. Never throws: a line the parser cannot read, one
   * longer than {@link Limits#LONGEST_LINE}, one that is not text (bytes that were not UTF-8, read as U+FFFD, or control characters), one whose
   * event time no pipeline can carry (see {@link Limits}), and one that makes the parser itself
   * fail are all dead letters with their reason.
   */
  public static <T> Outcome<T> parseLine(LineParser<T> parser, String line) {
    // A file saved with a byte-order mark carries it on its first line.
    String trimmed = (line.startsWith(BYTE_ORDER_MARK) ? line.substring(1) : line).strip();
    if (trimmed.isEmpty()) {
      return new Outcome<>(null, null, null);
    }
    String tooLong = Limits.lineLengthViolation(trimmed);
    if (tooLong != null) {
      return new Outcome<>(null, null, tooLong);
    }
    String notText = notText(trimmed);
    if (notText != null) {
      return new Outcome<>(null, null, notText);
    }
    T record;
    try {
      record = parser.parse(trimmed);
    } catch (InvalidRecordException e) {
      return new Outcome<>(null, null, e.getMessage());
    } catch (RuntimeException | StackOverflowError e) {
      // A parser's own failure on a hostile line must not stop the job either: the line is a dead
      // letter that names the failure, and the log says it once, without a stack trace.
      String reason = parser.name() + " parser failed on this line: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage());
      LoggerFactory.getLogger(ParseLines.class).warn("{} (the line is a dead letter)", reason);
      return new Outcome<>(null, null, reason);
    }
    Instant eventTime = parser.eventTime(record);
    if (eventTime != null) {
      String outOfRange = Limits.eventTimeViolation("event time", eventTime);
      if (outOfRange != null) {
        return new Outcome<>(null, null, outOfRange);
      }
    }
    return new Outcome<>(record, eventTime, null);
  }

  /** Why a line is not text, or null: an undecodable byte (U+FFFD) or a control character. */
  private static String notText(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\uFFFD') {
        return "not UTF-8 text (an undecodable byte at character " + (i + 1) + ")";
      }
      if (Character.isISOControl(c) && c != '\t') {
        return String.format("control character U+%04X at character %d", (int) c, i + 1);
      }
    }
    return null;
  }

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
      Outcome<T> outcome = parseLine(parser, line);
      if (outcome.isBlank()) {
        blankLines.inc();
      } else if (outcome.isRecord()) {
        O record = output.apply(input, outcome.record());
        if (outcome.eventTime() == null) {
          out.get(recordsTag).output(record);
        } else {
          out.get(recordsTag).outputWithTimestamp(record, outcome.eventTime());
        }
        records.inc();
      } else {
        deadLetters.inc();
        // Expected in real data: the dead-letter output and the counter tell the story, so the
        // log says it only at debug level, without a stack trace.
        LOG.debug("{}: dead letter ({}): {}", parser.name(), outcome.rejection(), Limits.asKept(line));
        out.get(deadLettersTag).output(new DeadLetter(Limits.asKept(line), outcome.rejection()));
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
