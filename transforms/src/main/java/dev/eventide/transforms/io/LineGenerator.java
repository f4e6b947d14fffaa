package dev.eventide.transforms.io;

import java.io.Serializable;
import org.joda.time.Instant;

/**
 * A deterministic, numbered stream of text lines with a watermark, for {@link GenerateLines}:
 * line {@code i} depends only on {@code i}, so any runner, parallelism or restore sees the same
 * lines, and a test can compute what a job should make of them.
 */
public interface LineGenerator extends Serializable {

  /** Line {@code i} as text. */
  String line(long i);

  /** The source's watermark once line {@code i} is out: no later line is on time before it. */
  Instant watermarkAfter(long i);
}
