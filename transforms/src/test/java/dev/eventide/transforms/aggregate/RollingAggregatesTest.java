package dev.eventide.transforms.aggregate;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.junit.TestRunner;
import dev.eventide.transforms.aggregate.RollingAggregates.Aggregates;
import dev.eventide.transforms.model.NumberedLine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

class RollingAggregatesTest {

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void sumMinMaxAndTheFirstLineHoldingEachPerKey(TestPipeline pipeline) {
    List<KV<String, KV<NumberedLine, Long>>> input =
        List.of(
            value("June", "a.txt", 1, 12),
            value("June", "a.txt", 2, 10),
            value("June", "a.txt", 3, 50),
            value("June", "a.txt", 4, 10), // same minimum, later: not minBy
            value("June", "a.txt", 5, 50), // same maximum, later: not maxBy
            value("July", "a.txt", 6, -3),
            value("June", "b.txt", 1, 10)); // a later file
    var results =
        pipeline
            .apply(
                Create.of(input)
                    .withCoder(
                        KvCoder.of(
                            StringUtf8Coder.of(), KvCoder.of(NumberedLine.NumberedLineCoder.of(), VarLongCoder.of()))))
            .apply(RollingAggregates.perKey())
            .apply(
                MapElements.into(TypeDescriptors.strings())
                    .via(r -> r.getKey() + " " + describe(r.getValue())));
    PAssert.that(results)
        .containsInAnyOrder("June 6 142 10 50 a.txt:2 a.txt:3", "July 1 -3 -3 -3 a.txt:6 a.txt:6");
    pipeline.run();
  }

  @Test
  void theResultDoesNotDependOnTheOrderOfAddingAndMerging() {
    List<KV<NumberedLine, Long>> values = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      values.add(KV.of(new NumberedLine("f", i, "line " + i), (long) (i * 7 % 5)));
    }
    Aggregates inOrder = Aggregates.NONE;
    for (KV<NumberedLine, Long> v : values) {
      inOrder = inOrder.add(v);
    }
    assertThat(describe(inOrder), equalTo("40 80 0 4 f:0 f:2"));
    Random random = new Random(7);
    for (int round = 0; round < 20; round++) {
      Collections.shuffle(values, random);
      int split = random.nextInt(values.size());
      Aggregates a = Aggregates.NONE;
      Aggregates b = Aggregates.NONE;
      for (int i = 0; i < values.size(); i++) {
        if (i < split) {
          a = a.add(values.get(i));
        } else {
          b = b.add(values.get(i));
        }
      }
      assertThat(describe(random.nextBoolean() ? a.merge(b) : b.merge(a)), equalTo(describe(inOrder)));
    }
  }

  private static String describe(Aggregates a) {
    return a.count() + " " + a.sum() + " " + a.min() + " " + a.max() + " " + place(a.minBy()) + " " + place(a.maxBy());
  }

  private static String place(NumberedLine line) {
    return line.source() + ":" + line.number();
  }

  private static KV<String, KV<NumberedLine, Long>> value(String key, String file, long number, long value) {
    return KV.of(key, KV.of(new NumberedLine(file, number, key + "," + value), value));
  }
}
