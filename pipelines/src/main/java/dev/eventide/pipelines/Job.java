package dev.eventide.pipelines;

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
}
