package dev.eventide.transforms.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.scenario.Timeline;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * The batching half of {@link ExactlyOnceKafkaWrite}, without Kafka: a shard's lines close a batch
 * when it is full, when its delay passes in processing time, and when the input ends; batches are
 * numbered from 0 per shard, each shard under one epoch, each line in exactly one batch.
 */
class ExactlyOnceKafkaWriteBatchTest {

  private static final Timeline T = Timeline.startingAt("2018-06-01T00:00:00Z");

  @RunnerTest
  void aBatchClosesWhenFullWhenItsDelayPassesAndWhenTheInputEnds(TestPipeline pipeline) {
    PCollection<KV<Integer, ShardBatch>> batches =
        pipeline
            .apply(
                T.parse(
                        """
                        00:00:01 0,a
                        00:00:02 0,b      # full: batch 0 of shard 0
                        00:00:03 0,c
                        00:00:04 1,x
                        processing +00:00:05
                        00:00:05 0,d      # c and x went when their delay passed; d goes at the end
                        """)
                    .sourceFor(pipeline))
            .apply(Window.into(new GlobalWindows()))
            .apply(
                MapElements.into(TypeDescriptors.kvs(TypeDescriptors.integers(), TypeDescriptors.strings()))
                    .via((String line) -> KV.of(Integer.parseInt(line.substring(0, 1)), line.substring(2))))
            .setCoder(KvCoder.of(VarIntCoder.of(), StringUtf8Coder.of()))
            .apply(ParDo.of(new ExactlyOnceKafkaWrite.BatchFn(2, Duration.standardSeconds(1))))
            .setCoder(KvCoder.of(VarIntCoder.of(), ShardBatch.ShardBatchCoder.of()));

    PAssert.that(batches.apply("Describe", MapElements.into(TypeDescriptors.strings()).via(ExactlyOnceKafkaWriteBatchTest::describe)))
        .containsInAnyOrder("0#0:a,b", "0#1:c", "1#0:x", "0#2:d");
    PAssert.that(
            batches.apply(
                "Epochs",
                MapElements.into(TypeDescriptors.strings()).via((KV<Integer, ShardBatch> b) -> b.getKey() + " " + b.getValue().epoch())))
        .satisfies(
            epochs -> {
              // One epoch per shard, and not the same for both.
              Map<String, Set<String>> perShard = new HashMap<>();
              epochs.forEach(e -> perShard.computeIfAbsent(e.split(" ")[0], k -> new HashSet<>()).add(e.split(" ")[1]));
              assertThat(perShard.get("0"), hasSize(1));
              assertThat(perShard.get("1"), hasSize(1));
              assertThat(perShard.get("0"), not(equalTo(perShard.get("1"))));
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  /** {@code shard#sequence:lines}, with each line's time checked against its name. */
  private static String describe(KV<Integer, ShardBatch> element) {
    ShardBatch batch = element.getValue();
    if (batch.shard() != element.getKey()) {
      throw new AssertionError("batch of shard " + batch.shard() + " under key " + element.getKey());
    }
    List<String> lines = batch.lines().stream().sorted().toList();
    for (int i = 0; i < batch.size(); i++) {
      // a at 00:00:01, b at :02, c at :03, x at :04, d at :05.
      long second = "abcxd".indexOf(batch.lines().get(i)) + 1;
      if (batch.times().get(i) != T.start().getMillis() + second * 1000) {
        throw new AssertionError("line " + batch.lines().get(i) + " kept time " + batch.times().get(i));
      }
    }
    return batch.shard() + "#" + batch.sequence() + ":" + lines.stream().collect(Collectors.joining(","));
  }
}
