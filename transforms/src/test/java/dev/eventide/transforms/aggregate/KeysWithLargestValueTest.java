package dev.eventide.transforms.aggregate;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.junit.TestRunner;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;

class KeysWithLargestValueTest {

  private static final KvCoder<String, Long> CODER = KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of());

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void theKeyWithTheLargestTotal(TestPipeline pipeline) {
    PAssert.that(
            pipeline
                .apply(Create.of(KV.of("Sector 1", 12L), KV.of("Sector 2", 57L), KV.of("Sector 3", -4L)).withCoder(CODER))
                .apply(KeysWithLargestValue.create()))
        .containsInAnyOrder(KV.of("Sector 2", 57L));
    pipeline.run();
  }

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void everyKeyTiedForTheLargestAndNothingForNoInput(TestPipeline pipeline) {
    PAssert.that(
            pipeline
                .apply(Create.of(KV.of("Sector 1", 57L), KV.of("Sector 2", 57L), KV.of("Sector 3", 9L)).withCoder(CODER))
                .apply(KeysWithLargestValue.create()))
        .containsInAnyOrder(KV.of("Sector 1", 57L), KV.of("Sector 2", 57L));
    PAssert.that(pipeline.apply("Nothing", Create.empty(CODER)).apply("LargestOfNothing", KeysWithLargestValue.create()))
        .empty();
    pipeline.run();
  }
}
