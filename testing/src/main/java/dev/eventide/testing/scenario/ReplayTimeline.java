package dev.eventide.testing.scenario;

import java.util.List;
import java.util.NoSuchElementException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BigEndianLongCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * A {@link Timeline} replayed through a runner's normal source path, for runners whose TestStream
 * support falls short: the FlinkRunner of Beam 2.62 rejects processing-time steps. An unbounded
 * source hands out the elements with their timestamps; at a watermark step it moves its watermark
 * and then has nothing for {@link #SETTLE}, so the runner carries the watermark downstream before
 * the next step; at a processing-time step it has nothing for that long, for real. One reader; its
 * checkpoint is its position, which the DirectRunner resumes readers from.
 */
public final class ReplayTimeline extends PTransform<PBegin, PCollection<String>> {

  /** How long the replay holds after a watermark step for the runner to carry it downstream. */
  public static final Duration SETTLE = Duration.millis(600);

  private final List<Timeline.Step> steps;

  ReplayTimeline(List<Timeline.Step> steps) {
    this.steps = steps;
  }

  @Override
  public PCollection<String> expand(PBegin begin) {
    return begin.apply("Replay", Read.from(new ReplaySource(steps)));
  }

  /** Where a reader stands: next step, watermark, end of a pause (a runner may resume from it). */
  record Position(int next, long watermarkMillis, long quietUntilNanos) implements UnboundedSource.CheckpointMark {
    @Override
    public void finalizeCheckpoint() {}
  }

  private static final class PositionCoder extends AtomicCoder<Position> {
    @Override
    public void encode(Position p, OutputStream out) throws IOException {
      VarIntCoder.of().encode(p.next(), out);
      BigEndianLongCoder.of().encode(p.watermarkMillis(), out);
      BigEndianLongCoder.of().encode(p.quietUntilNanos(), out);
    }

    @Override
    public Position decode(InputStream in) throws IOException {
      return new Position(
          VarIntCoder.of().decode(in), BigEndianLongCoder.of().decode(in), BigEndianLongCoder.of().decode(in));
    }
  }

  private static final class ReplaySource extends UnboundedSource<String, Position> {
    private final List<Timeline.Step> steps;

    ReplaySource(List<Timeline.Step> steps) {
      this.steps = steps;
    }

    @Override
    public List<ReplaySource> split(int desiredNumSplits, PipelineOptions options) {
      return List.of(this);
    }

    @Override
    public UnboundedReader<String> createReader(PipelineOptions options, Position position) {
      return new ReplayReader(this, position);
    }

    @Override
    public Coder<Position> getCheckpointMarkCoder() {
      return new PositionCoder();
    }

    @Override
    public Coder<String> getOutputCoder() {
      return StringUtf8Coder.of();
    }
  }

  private static final class ReplayReader extends UnboundedSource.UnboundedReader<String> {
    private final ReplaySource source;
    private int next;
    private Timeline.Element current;
    private Instant watermark = BoundedWindow.TIMESTAMP_MIN_VALUE;
    private long quietUntilNanos;

    ReplayReader(ReplaySource source, Position position) {
      this.source = source;
      if (position != null) {
        next = position.next();
        watermark = new Instant(position.watermarkMillis());
        quietUntilNanos = position.quietUntilNanos();
      }
    }

    @Override
    public boolean start() {
      return advance();
    }

    @Override
    public boolean advance() {
      while (true) {
        if (System.nanoTime() < quietUntilNanos) {
          return false;
        }
        if (next >= source.steps.size()) {
          watermark = BoundedWindow.TIMESTAMP_MAX_VALUE;
          return false;
        }
        Timeline.Step step = source.steps.get(next++);
        if (step instanceof Timeline.Element e) {
          current = e;
          return true;
        }
        if (step instanceof Timeline.AdvanceWatermark w) {
          watermark = w.to();
          quiet(SETTLE);
        } else if (step instanceof Timeline.AdvanceProcessingTime p) {
          quiet(p.by());
        } else {
          next = source.steps.size();
        }
      }
    }

    private void quiet(Duration duration) {
      quietUntilNanos = System.nanoTime() + duration.getMillis() * 1_000_000;
    }

    @Override
    public String getCurrent() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return current.text();
    }

    @Override
    public Instant getCurrentTimestamp() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return current.timestamp();
    }

    @Override
    public Instant getWatermark() {
      return watermark;
    }

    @Override
    public Position getCheckpointMark() {
      return new Position(next, watermark.getMillis(), quietUntilNanos);
    }

    @Override
    public ReplaySource getCurrentSource() {
      return source;
    }

    @Override
    public void close() {}
  }
}
