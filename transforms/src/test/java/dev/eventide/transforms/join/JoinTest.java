package dev.eventide.transforms.join;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.junit.TestRunner;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Every kind of join on persons and locations by id, with an id on both sides, ids on one side
 * only, and an id twice on each side (four pairs), on both runners in batch.
 */
class JoinTest {

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void innerKeepsIdsOnBothSidesWithEveryPair(TestPipeline pipeline) {
    PAssert.that(join(pipeline, JoinKind.INNER))
        .containsInAnyOrder("1 John DC", "2 Albert NY", "4 Smith LA", "4 Smith LV", "4 Smyth LA", "4 Smyth LV");
    pipeline.run();
  }

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void leftKeepsEveryPersonWithNullForNoLocation(TestPipeline pipeline) {
    PAssert.that(join(pipeline, JoinKind.LEFT))
        .containsInAnyOrder(
            "1 John DC", "2 Albert NY", "3 Lui null", "4 Smith LA", "4 Smith LV", "4 Smyth LA", "4 Smyth LV", "5 Robert null");
    pipeline.run();
  }

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void rightKeepsEveryLocationWithNullForNoPerson(TestPipeline pipeline) {
    PAssert.that(join(pipeline, JoinKind.RIGHT))
        .containsInAnyOrder(
            "1 John DC", "2 Albert NY", "4 Smith LA", "4 Smith LV", "4 Smyth LA", "4 Smyth LV", "6 null LU", "7 null DL");
    pipeline.run();
  }

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void fullKeepsEveryIdOfEitherSide(TestPipeline pipeline) {
    PAssert.that(join(pipeline, JoinKind.FULL))
        .containsInAnyOrder(
            "1 John DC", "2 Albert NY", "3 Lui null", "4 Smith LA", "4 Smith LV", "4 Smyth LA", "4 Smyth LV",
            "5 Robert null", "6 null LU", "7 null DL");
    pipeline.run();
  }

  private static PCollection<String> join(TestPipeline pipeline, JoinKind kind) {
    KvCoder<String, String> coder = KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());
    PCollection<KV<String, String>> persons =
        pipeline.apply(
            "Persons",
            Create.of(
                    KV.of("1", "John"), KV.of("2", "Albert"), KV.of("3", "Lui"), KV.of("4", "Smith"),
                    KV.of("4", "Smyth"), KV.of("5", "Robert"))
                .withCoder(coder));
    PCollection<KV<String, String>> locations =
        pipeline.apply(
            "Locations",
            Create.of(
                    KV.of("1", "DC"), KV.of("2", "NY"), KV.of("4", "LA"), KV.of("4", "LV"), KV.of("6", "LU"),
                    KV.of("7", "DL"))
                .withCoder(coder));
    return persons
        .apply(Join.of(kind, locations))
        .apply(
            MapElements.into(TypeDescriptors.strings())
                .via(row -> row.getKey() + " " + row.getValue().getKey() + " " + row.getValue().getValue()));
  }
}
