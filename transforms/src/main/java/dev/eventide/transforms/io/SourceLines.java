package dev.eventide.transforms.io;

import dev.eventide.transforms.model.DeadLetter;
import dev.eventide.transforms.parse.DeadLettersAsJson;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * What a source gives a job: its lines, and the records it could not turn into lines, as dead
 * letters (a Kafka record whose timestamp no pipeline can carry). Files and generators reject
 * nothing; their {@link #rejected} is absent rather than an empty collection, which would be one
 * more bounded source in a streaming job.
 */
public final class SourceLines implements POutput {

  private static final TupleTag<String> LINES = new TupleTag<>("lines");
  private static final TupleTag<DeadLetter> REJECTED = new TupleTag<>("rejected");

  private final PCollection<String> lines;
  private final PCollection<DeadLetter> rejected;

  private SourceLines(PCollection<String> lines, PCollection<DeadLetter> rejected) {
    this.lines = lines;
    this.rejected = rejected;
  }

  public static SourceLines of(PCollection<String> lines, PCollection<DeadLetter> rejected) {
    return new SourceLines(lines, rejected);
  }

  /** A source that rejects nothing (files, generators), as a source of {@link SourceLines}. */
  public static PTransform<PBegin, SourceLines> from(PTransform<PBegin, PCollection<String>> source) {
    return new PTransform<>() {
      @Override
      public SourceLines expand(PBegin input) {
        return new SourceLines(input.apply(source), null);
      }
    };
  }

  public PCollection<String> lines() {
    return lines;
  }

  /**
   * A job's dead letters as JSON lines: {@code deadLettersJson} (the parse step's) and the records
   * this source rejected, in one collection for one dead-letter output.
   */
  public PCollection<String> withRejectedAsJson(PCollection<String> deadLettersJson) {
    if (rejected == null) {
      return deadLettersJson;
    }
    // Named after the rejected records, so that a job of two sources can do this for each.
    PCollection<String> rejectedJson = rejected.apply("Format " + rejected.getName(), DeadLettersAsJson.create());
    return PCollectionList.of(deadLettersJson).and(rejectedJson).apply("With " + rejected.getName(), Flatten.pCollections());
  }

  @Override
  public Pipeline getPipeline() {
    return lines.getPipeline();
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    Map<TupleTag<?>, PValue> outputs = new LinkedHashMap<>();
    outputs.put(LINES, lines);
    if (rejected != null) {
      outputs.put(REJECTED, rejected);
    }
    return outputs;
  }

  @Override
  public void finishSpecifyingOutput(String transformName, PInput input, PTransform<?, ?> transform) {}
}
