package dev.eventide.transforms.aggregate;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Of keys with a total each, the key with the largest total: Flink's {@code maxBy} over the totals.
 * When several keys share the largest total, every one of them comes out, so the result does not
 * depend on the order a runner combines in. Empty input gives nothing.
 */
public final class KeysWithLargestValue extends PTransform<PCollection<KV<String, Long>>, PCollection<KV<String, Long>>> {

  private KeysWithLargestValue() {}

  public static KeysWithLargestValue create() {
    return new KeysWithLargestValue();
  }

  @Override
  public PCollection<KV<String, Long>> expand(PCollection<KV<String, Long>> totals) {
    Accumulate<KV<String, Long>, KV<Long, List<String>>> largest =
        Accumulate.of(
            KV.of(Long.MIN_VALUE, List.of()),
            (top, total) -> merge(top, KV.of(total.getValue(), List.of(total.getKey()))),
            KeysWithLargestValue::merge,
            KvCoder.of(VarLongCoder.of(), ListCoder.of(StringUtf8Coder.of())));
    return totals
        .apply("Largest", Combine.globally(largest).withoutDefaults())
        .apply(
            "EachKey",
            FlatMapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                .via(top -> top.getValue().stream().map(key -> KV.of(key, top.getKey())).toList()));
  }

  private static KV<Long, List<String>> merge(KV<Long, List<String>> a, KV<Long, List<String>> b) {
    int order = Long.compare(a.getKey(), b.getKey());
    if (order != 0) {
      return order > 0 ? a : b;
    }
    List<String> keys = new ArrayList<>(a.getValue());
    keys.addAll(b.getValue());
    return KV.of(a.getKey(), keys);
  }
}
