package dev.eventide.transforms.io;

import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.splittabledofn.ManualWatermarkEstimator;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The generator's lines as an unbounded splittable DoFn: lines {@code [0, count)} are its
 * restriction, claimed in order and paced in processing time, so a checkpoint or savepoint holds
 * exactly where it stands (the rest of the restriction) and a restored job goes on from there.
 * Its watermark trails arrivals by the generator's disorder bound; once every line is out the
 * restriction is done and the watermark reaches the end of time.
 *
 * <p>Why not an {@code UnboundedSource}: on the FlinkRunner of Beam 2.62 a restored job reads an
 * unbounded source's splits twice, the restored ones and fresh ones from the start (apache/beam
 * issue 31313, fixed in 2.63). A splittable DoFn keeps its position in keyed state instead, and
 * restores exactly once on either version.
 */
@DoFn.UnboundedPerElement
final class GenerateLinesFn<O> extends NumberedRecordsFn<O> {

  /** What line {@code i} comes out as: its text, or the text with its number. */
  interface LineAt<O> extends java.io.Serializable {
    O at(long i, String line);
  }

  /** How often a paced call hands back control (and a checkpoint can cut in). */
  private static final Duration PACE = Duration.millis(100);

  private final LineGenerator generator;
  private final long linesPerCall;
  private final LineAt<O> output;

  GenerateLinesFn(LineGenerator generator, long count, long ratePerSecond, LineAt<O> output) {
    super(count);
    this.generator = generator;
    this.output = output;
    this.linesPerCall = Math.max(1, ratePerSecond * PACE.getMillis() / 1000);
  }

  @ProcessElement
  public ProcessContinuation process(
      RestrictionTracker<OffsetRange, Long> lines,
      ManualWatermarkEstimator<Instant> watermark,
      OutputReceiver<O> out) {
    long next = lines.currentRestriction().getFrom();
    for (long emitted = 0; emitted < linesPerCall; emitted++, next++) {
      if (!lines.tryClaim(next)) {
        return ProcessContinuation.stop();
      }
      // Stamped no later than any on-time record it may hold: the parser moves each record to
      // its own event time, and only late records move behind the watermark.
      Instant stamp = generator.watermarkAfter(next);
      out.outputWithTimestamp(output.at(next, generator.line(next)), stamp);
      watermark.setWatermark(stamp);
    }
    return ProcessContinuation.resume().withResumeDelay(PACE);
  }
}
