package dev.eventide.transforms.sql;

import dev.eventide.transforms.model.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows a query's expressions failed on (a cast of text that is no number, a division by zero),
 * which Beam SQL hands to an error output instead of failing the job: each becomes a dead-letter
 * line, the row as JSON and the reason, counted in {@code eventide.sql/rowsTheQueryFailedOn}.
 * Give it to {@code SqlTransform.withErrorsTransformer}; Beam SQL applies it once per expression
 * step of the plan and keeps the outputs, so {@link #deadLetters} collects them.
 */
public final class RowsTheQueryFailedOn extends PTransform<PCollection<Row>, PCollection<String>> {

  private final transient List<PCollection<String>> deadLetters = new ArrayList<>();

  /** The dead letters of every step it was applied to, so far. */
  public List<PCollection<String>> deadLetters() {
    return List.copyOf(deadLetters);
  }

  /** The field names of Beam SQL's error rows ({@code BeamSqlRelUtils.ROW} and {@code ERROR}). */
  private static final String ROW = "row";

  private static final String ERROR = "error";

  @Override
  public PCollection<String> expand(PCollection<Row> errors) {
    // Out of the query's windows, into the global window every other dead letter is in, so that
    // they all go to one output.
    PCollection<String> lines =
        errors
            .apply("AsDeadLetters", ParDo.of(new AsDeadLetterFn()))
            .setTypeDescriptor(TypeDescriptors.strings())
            .apply(
                "IntoTheGlobalWindow",
                Window.<String>into(new GlobalWindows())
                    .triggering(DefaultTrigger.of())
                    .withAllowedLateness(Duration.ZERO)
                    .discardingFiredPanes());
    deadLetters.add(lines);
    return lines;
  }

  private static final class AsDeadLetterFn extends DoFn<Row, String> {
    private static final Logger LOG = LoggerFactory.getLogger(RowsTheQueryFailedOn.class);
    private final Counter failed = Metrics.counter("eventide.sql", "rowsTheQueryFailedOn");

    @ProcessElement
    public void process(@Element Row error, OutputReceiver<String> out) {
      String input = RowsAsJson.line(error.getRow(ROW));
      String reason = "the query failed on this row: " + error.getString(ERROR);
      LOG.warn("Dead letter: {}: {}", reason, input);
      failed.inc();
      out.output(new DeadLetter(input, reason).toJson());
    }
  }
}
