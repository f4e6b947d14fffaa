package dev.eventide.transforms.aggregate;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.SerializableBiFunction;

/**
 * A {@code CombineFn} whose accumulator is its result: start from {@code empty}, {@code add} each
 * input, {@code merge} partial results. For summaries such as a sum and a count, or a minimum,
 * maximum and sum, that workers combine before the shuffle.
 */
public final class Accumulate<InputT, A> extends Combine.CombineFn<InputT, A, A> {

  private final A empty;
  private final SerializableBiFunction<A, InputT, A> add;
  private final SerializableBiFunction<A, A, A> merge;
  private final Coder<A> coder;

  private Accumulate(A empty, SerializableBiFunction<A, InputT, A> add, SerializableBiFunction<A, A, A> merge, Coder<A> coder) {
    this.empty = empty;
    this.add = add;
    this.merge = merge;
    this.coder = coder;
  }

  /** {@code empty} must be serializable (a record that implements {@code Serializable}). */
  public static <InputT, A> Accumulate<InputT, A> of(
      A empty, SerializableBiFunction<A, InputT, A> add, SerializableBiFunction<A, A, A> merge, Coder<A> coder) {
    return new Accumulate<>(empty, add, merge, coder);
  }

  @Override
  public A createAccumulator() {
    return empty;
  }

  @Override
  public A addInput(A accumulator, InputT input) {
    return add.apply(accumulator, input);
  }

  @Override
  public A mergeAccumulators(Iterable<A> accumulators) {
    A total = empty;
    for (A a : accumulators) {
      total = merge.apply(total, a);
    }
    return total;
  }

  @Override
  public A extractOutput(A accumulator) {
    return accumulator;
  }

  @Override
  public Coder<A> getAccumulatorCoder(CoderRegistry registry, Coder<InputT> input) {
    return coder;
  }

  @Override
  public Coder<A> getDefaultOutputCoder(CoderRegistry registry, Coder<InputT> input) {
    return coder;
  }
}
