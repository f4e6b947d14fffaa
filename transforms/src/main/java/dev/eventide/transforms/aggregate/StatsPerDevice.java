package dev.eventide.transforms.aggregate;

import dev.eventide.transforms.model.Reading;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The summary's {@code TelemetryAggregate}: per device per window, the number of readings, their
 * minimum, maximum and average, one result per pane. Combined, so each worker sums its share
 * before the shuffle.
 */
public final class StatsPerDevice extends PTransform<PCollection<Reading>, PCollection<KV<String, ReadingStats>>> {

  public static StatsPerDevice create() {
    return new StatsPerDevice();
  }

  @Override
  public PCollection<KV<String, ReadingStats>> expand(PCollection<Reading> readings) {
    return readings
        .apply(
            "ByDevice",
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.doubles()))
                .via((Reading r) -> KV.of(r.device(), r.value())))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of()))
        .apply(
            "MinMaxAverage",
            Combine.perKey(
                Accumulate.<Double, ReadingStats>of(
                    ReadingStats.EMPTY, ReadingStats::plus, ReadingStats::plus, ReadingStats.ReadingStatsCoder.of())))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ReadingStats.ReadingStatsCoder.of()));
  }

}
