package dev.eventide.transforms.io;

import org.apache.beam.sdk.io.ShardNameTemplate;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes lines (JSON Lines) to files whose names start with a prefix, or, without a prefix, logs
 * each line. A bounded input becomes one file {@code <prefix>-00000-of-00001.jsonl}. An unbounded
 * input is flushed to a new file {@code <prefix>-GlobalWindow-pane-<n>-00000-of-00001.jsonl} every
 * {@code flushEvery} of processing time (and at the end), so
 * results show up while the job runs and a late pane is never held back by the file sink.
 */
public final class WriteLines extends PTransform<PCollection<String>, PDone> {

  private static final Logger LOG = LoggerFactory.getLogger(WriteLines.class);
  static final String SUFFIX = ".jsonl";

  private final String prefix;
  private final String label;
  private final Duration flushEvery;

  private WriteLines(String prefix, String label, Duration flushEvery) {
    this.prefix = prefix;
    this.label = label;
    this.flushEvery = flushEvery;
  }

  /** Files starting with {@code prefix}; when it is null or empty, log lines tagged {@code label}. */
  public static WriteLines toFilesOrLog(String prefix, String label) {
    return new WriteLines(prefix, label, Duration.standardSeconds(1));
  }

  public WriteLines withFlushEvery(Duration every) {
    return new WriteLines(prefix, label, every);
  }

  @Override
  public PDone expand(PCollection<String> lines) {
    if (prefix == null || prefix.isBlank()) {
      lines.apply("Log " + label, ParDo.of(new LogFn(label)));
      return PDone.in(lines.getPipeline());
    }
    TextIO.Write write = TextIO.write().to(prefix).withSuffix(SUFFIX).withNumShards(1);
    if (lines.isBounded() == PCollection.IsBounded.BOUNDED) {
      return lines.apply("Write " + label, write);
    }
    return lines
        .apply(
            "Flush every " + flushEvery,
            Window.<String>into(new GlobalWindows())
                .triggering(
                    Repeatedly.forever(
                        AfterProcessingTime.pastFirstElementInPane().plusDelayOf(flushEvery)))
                .withAllowedLateness(Duration.ZERO)
                .discardingFiredPanes())
        .apply(
            "Write " + label,
            write.withWindowedWrites().withShardNameTemplate("-W-P" + ShardNameTemplate.INDEX_OF_MAX));
  }

  private static final class LogFn extends DoFn<String, Void> {
    private final String label;

    LogFn(String label) {
      this.label = label;
    }

    @ProcessElement
    public void process(@Element String line) {
      LOG.info("{} {}", label, line);
    }
  }
}
