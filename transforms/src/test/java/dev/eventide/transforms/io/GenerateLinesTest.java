package dev.eventide.transforms.io;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.junit.TestRunner;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

class GenerateLinesTest {

  private final LineGenerator generator = SaleGenerator.orderly(5).withDisorder(300).withMalformed(0.1);

  @RunnerTest
  void theUnboundedSourceEmitsEveryLineOnceStampedAtItsWatermark(TestPipeline pipeline) {
    PCollection<String> lines = pipeline.apply(GenerateLines.unbounded(generator, 120, 5000));
    PAssert.that(lines.apply(ParDo.of(new WithTimestamp()))).containsInAnyOrder(expected());
    pipeline.run();
  }

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void theBoundedSourceEmitsTheSameLines(TestPipeline pipeline) {
    PAssert.that(pipeline.apply(GenerateLines.bounded(generator, 120)))
        .containsInAnyOrder(LongStream.range(0, 120).mapToObj(generator::line).toList());
    pipeline.run();
  }

  private List<String> expected() {
    return LongStream.range(0, 120)
        .mapToObj(i -> generator.line(i) + " @" + generator.watermarkAfter(i).getMillis())
        .toList();
  }

  private static final class WithTimestamp extends DoFn<String, String> {
    @ProcessElement
    public void process(@Element String line, @Timestamp Instant timestamp, OutputReceiver<String> out) {
      out.output(line + " @" + timestamp.getMillis());
    }
  }
}
