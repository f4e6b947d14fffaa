package dev.eventide.pipelines;

import java.util.Optional;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;

/** A runnable Eventide job: its name, its options, and how it wires sources, transforms and sinks. */
public interface Job<O extends PipelineOptions> {

  /** The name the launcher and the scripts know the job by. */
  String name();

  /** One line saying what the job computes. */
  String description();

  Class<O> optionsClass();

  /** Adds the job to the pipeline; rejects invalid options with an IllegalArgumentException. */
  void build(Pipeline pipeline, O options);

  /** What {@code --help} says after the options (the SQL job's tables); nothing by default. */
  default String helpNotes() {
    return "";
  }

  /**
   * What to print instead of running, when the options ask only for that (the SQL job's {@code
   * --explain}); empty to run the job.
   */
  default Optional<String> planOnly(O options) {
    return Optional.empty();
  }
}
