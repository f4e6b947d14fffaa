package dev.eventide.transforms.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * One batch of an exactly-once sink's shard: its lines with their event times (milliseconds), and
 * its place in the shard's sequence. {@code epoch} names the deployment that numbered it: a job
 * restored from a checkpoint or savepoint goes on with the epoch it had, a fresh job starts a new
 * one.
 */
public record ShardBatch(int shard, String epoch, long sequence, List<String> lines, List<Long> times) {

  public ShardBatch {
    if (lines.size() != times.size()) {
      throw new IllegalArgumentException(lines.size() + " lines but " + times.size() + " times");
    }
  }

  public int size() {
    return lines.size();
  }

  /** Coder for batches. */
  public static final class ShardBatchCoder extends AtomicCoder<ShardBatch> {
    private static final ShardBatchCoder INSTANCE = new ShardBatchCoder();
    private static final StringUtf8Coder TEXT = StringUtf8Coder.of();
    private static final VarIntCoder INT = VarIntCoder.of();
    private static final VarLongCoder LONG = VarLongCoder.of();

    public static ShardBatchCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(ShardBatch batch, OutputStream out) throws IOException {
      INT.encode(batch.shard(), out);
      TEXT.encode(batch.epoch(), out);
      LONG.encode(batch.sequence(), out);
      INT.encode(batch.size(), out);
      for (int i = 0; i < batch.size(); i++) {
        TEXT.encode(batch.lines().get(i), out);
        LONG.encode(batch.times().get(i), out);
      }
    }

    @Override
    public ShardBatch decode(InputStream in) throws IOException {
      int shard = INT.decode(in);
      String epoch = TEXT.decode(in);
      long sequence = LONG.decode(in);
      int size = INT.decode(in);
      List<String> lines = new ArrayList<>(size);
      List<Long> times = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        lines.add(TEXT.decode(in));
        times.add(LONG.decode(in));
      }
      return new ShardBatch(shard, epoch, sequence, lines, times);
    }

    @Override
    public void verifyDeterministic() {}
  }
}
