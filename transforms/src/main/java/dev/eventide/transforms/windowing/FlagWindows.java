package dev.eventide.transforms.windowing;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
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
 * Per key and window, the records of the window for each rule that the window's records together
 * break (more than n of them, more than one city, ...): Flink's keyed window with a process
 * function that emits the window's elements on a condition. One grouping serves every rule, so
 * the records are shuffled once however many rules judge them. Each window fires once, when the
 * watermark passes its end; a flagged record comes out at the end of its window, as {@code
 * KV<rule name, record>}, once per rule it broke.
 */
public final class FlagWindows<T> extends PTransform<PCollection<T>, PCollection<KV<String, T>>> {

  private final WindowSpec window;
  private final SerializableFunction<T, String> keyOf;
  private final TreeMap<String, SerializableFunction<List<T>, Boolean>> rules;

  private FlagWindows(WindowSpec window, SerializableFunction<T, String> keyOf, TreeMap<String, SerializableFunction<List<T>, Boolean>> rules) {
    this.window = window;
    this.keyOf = keyOf;
    this.rules = rules;
  }

  /** No rule yet: add them with {@link #rule}. */
  public static <T> FlagWindows<T> of(WindowSpec window, SerializableFunction<T, String> keyOf) {
    return new FlagWindows<>(window, keyOf, new TreeMap<>());
  }

  /** These rules and one more: the windows whose records together {@code breaksRule}. */
  public FlagWindows<T> rule(String name, SerializableFunction<List<T>, Boolean> breaksRule) {
    TreeMap<String, SerializableFunction<List<T>, Boolean>> more = new TreeMap<>(rules);
    more.put(name, breaksRule);
    return new FlagWindows<>(window, keyOf, more);
  }

  @Override
  public PCollection<KV<String, T>> expand(PCollection<T> records) {
    Coder<T> coder = records.getCoder();
    return records
        .apply("Window", ApplyWindowing.<T>of(window))
        .apply("ByKey", WithKeys.of(keyOf).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), coder))
        .apply("PerKeyAndWindow", GroupByKey.create())
        .apply("WhereRulesBreak", ParDo.of(new FlagFn<>(rules)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), coder));
  }

  private static final class FlagFn<T> extends DoFn<KV<String, Iterable<T>>, KV<String, T>> {
    private final TreeMap<String, SerializableFunction<List<T>, Boolean>> rules;

    FlagFn(TreeMap<String, SerializableFunction<List<T>, Boolean>> rules) {
      this.rules = rules;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<T>> window, OutputReceiver<KV<String, T>> out) {
      List<T> records = new ArrayList<>();
      window.getValue().forEach(records::add);
      rules.forEach(
          (rule, breaks) -> {
            if (breaks.apply(records)) {
              records.forEach(record -> out.output(KV.of(rule, record)));
            }
          });
    }
  }
}
