package dev.eventide.transforms.parse;

import dev.eventide.transforms.model.DeadLetter;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/** The two outputs of parsing: the records, each at its event time, and the dead letters. */
public final class Parsed<T> implements POutput {

  private final TupleTag<T> recordsTag;
  private final PCollection<T> records;
  private final TupleTag<DeadLetter> deadLettersTag;
  private final PCollection<DeadLetter> deadLetters;

  Parsed(
      TupleTag<T> recordsTag,
      PCollection<T> records,
      TupleTag<DeadLetter> deadLettersTag,
      PCollection<DeadLetter> deadLetters) {
    this.recordsTag = recordsTag;
    this.records = records;
    this.deadLettersTag = deadLettersTag;
    this.deadLetters = deadLetters;
  }

  public PCollection<T> records() {
    return records;
  }

  public PCollection<DeadLetter> deadLetters() {
    return deadLetters;
  }

  @Override
  public Pipeline getPipeline() {
    return records.getPipeline();
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return Map.of(recordsTag, records, deadLettersTag, deadLetters);
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}
