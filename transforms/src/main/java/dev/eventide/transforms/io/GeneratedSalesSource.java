package dev.eventide.transforms.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/**
 * The generator's lines as a real unbounded source: paced in processing time, checkpointed by the
 * index of the next line (so a restored job goes on where it stopped), with a watermark that
 * trails arrivals by the generator's disorder bound. After {@code count} lines the watermark
 * jumps to the end of time, every window closes and a job on this source can finish.
 *
 * <p>One reader, not split: the lines' order is their arrival order, which the disorder and
 * lateness of the generator are defined against.
 */
final class GeneratedSalesSource extends UnboundedSource<String, GeneratedSalesSource.NextLine> {

  private final SaleGenerator generator;
  private final long count;
  private final long ratePerSecond;

  GeneratedSalesSource(SaleGenerator generator, long count, long ratePerSecond) {
    this.generator = generator;
    this.count = count;
    this.ratePerSecond = ratePerSecond;
  }

  @Override
  public List<GeneratedSalesSource> split(int desiredNumSplits, PipelineOptions options) {
    return List.of(this);
  }

  @Override
  public UnboundedReader<String> createReader(PipelineOptions options, NextLine checkpoint) {
    return new Reader(this, checkpoint == null ? 0 : checkpoint.index());
  }

  @Override
  public Coder<NextLine> getCheckpointMarkCoder() {
    return NextLineCoder.INSTANCE;
  }

  @Override
  public Coder<String> getOutputCoder() {
    return StringUtf8Coder.of();
  }

  /** The checkpoint: the index of the next line to read. */
  record NextLine(long index) implements UnboundedSource.CheckpointMark {
    @Override
    public void finalizeCheckpoint() {}
  }

  private static final class NextLineCoder extends AtomicCoder<NextLine> {
    static final NextLineCoder INSTANCE = new NextLineCoder();

    @Override
    public void encode(NextLine value, OutputStream out) throws IOException {
      VarLongCoder.of().encode(value.index(), out);
    }

    @Override
    public NextLine decode(InputStream in) throws IOException {
      return new NextLine(VarLongCoder.of().decode(in));
    }
  }

  private static final class Reader extends UnboundedReader<String> {
    private final GeneratedSalesSource source;
    private final long firstIndex;
    private long next;
    private long current = -1;
    private long startedAtNanos;

    Reader(GeneratedSalesSource source, long next) {
      this.source = source;
      this.firstIndex = next;
      this.next = next;
    }

    @Override
    public boolean start() {
      startedAtNanos = System.nanoTime();
      return advance();
    }

    @Override
    public boolean advance() {
      if (next >= source.count) {
        return false;
      }
      // Paced: line k (counted from this reader's start) is due k / rate seconds after it.
      long elapsedNanos = System.nanoTime() - startedAtNanos;
      long due = (next - firstIndex) * 1_000_000_000L / source.ratePerSecond;
      if (elapsedNanos < due) {
        return false;
      }
      current = next++;
      return true;
    }

    @Override
    public String getCurrent() {
      checkCurrent();
      return source.generator.line(current);
    }

    /**
     * The line's lower bound of event time, not its arrival: parsing moves a record to its own
     * event time, and a runner holds the watermark for in-flight records by their timestamp, so
     * moving back past that hold would turn an on-time sale into a late one. Only sales that are
     * really late move back behind the watermark.
     */
    @Override
    public Instant getCurrentTimestamp() {
      checkCurrent();
      return source.generator.watermarkAfter(current);
    }

    @Override
    public Instant getWatermark() {
      if (next >= source.count) {
        return BoundedWindow.TIMESTAMP_MAX_VALUE;
      }
      return next == 0 ? BoundedWindow.TIMESTAMP_MIN_VALUE : source.generator.watermarkAfter(next - 1);
    }

    @Override
    public NextLine getCheckpointMark() {
      return new NextLine(next);
    }

    @Override
    public GeneratedSalesSource getCurrentSource() {
      return source;
    }

    @Override
    public void close() {}

    private void checkCurrent() {
      if (current < 0) {
        throw new NoSuchElementException("no line read yet");
      }
    }
  }
}
