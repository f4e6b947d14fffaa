package dev.eventide.transforms.windowing;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Per key and window, every record of the window when the window's records together break a rule
 * (more than n of them, more than one city, ...): Flink's keyed window with a process function
 * that emits the window's elements on a condition. Each window fires once, when the watermark
 * passes its end; a flagged record comes out at the end of its window.
 */
public final class FlagWindows<T> extends PTransform<PCollection<T>, PCollection<T>> {

  private final WindowSpec window;
  private final SerializableFunction<T, String> keyOf;
  private final SerializableFunction<List<T>, Boolean> breaksRule;

  private FlagWindows(WindowSpec window, SerializableFunction<T, String> keyOf, SerializableFunction<List<T>, Boolean> breaksRule) {
    this.window = window;
    this.keyOf = keyOf;
    this.breaksRule = breaksRule;
  }

  /** The records of each {@code window} per {@code keyOf} whose records together {@code breaksRule}. */
  public static <T> FlagWindows<T> of(
      WindowSpec window, SerializableFunction<T, String> keyOf, SerializableFunction<List<T>, Boolean> breaksRule) {
    return new FlagWindows<>(window, keyOf, breaksRule);
  }

  @Override
  public PCollection<T> expand(PCollection<T> records) {
    Coder<T> coder = records.getCoder();
    return records
        .apply("Window", ApplyWindowing.<T>of(window))
        .apply("ByKey", WithKeys.of(keyOf).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), coder))
        .apply("PerKeyAndWindow", GroupByKey.create())
        .apply("WhereTheRuleBreaks", ParDo.of(new FlagFn<>(breaksRule)))
        .setCoder(coder);
  }

  private static final class FlagFn<T> extends DoFn<KV<String, Iterable<T>>, T> {
    private final SerializableFunction<List<T>, Boolean> breaksRule;

    FlagFn(SerializableFunction<List<T>, Boolean> breaksRule) {
      this.breaksRule = breaksRule;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<T>> window, OutputReceiver<T> out) {
      List<T> records = new ArrayList<>();
      window.getValue().forEach(records::add);
      if (breaksRule.apply(records)) {
        records.forEach(out::output);
      }
    }
  }
}
