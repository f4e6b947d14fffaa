package dev.eventide.transforms.faults;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** On the DirectRunner: on Flink the failure is retried, which the Kafka cluster test covers. */
@ExtendWith(TestPipelineExtension.class)
class FailOnceAtTest {

  private static final Instant AT = Instant.parse("2018-06-01T00:01:00Z");

  @TempDir Path dir;

  @Test
  void anElementAtTheTimeFailsTheJobAndMarksIt(TestPipeline p) {
    Path marker = dir.resolve("drill/failed");
    p.apply(lines()).apply(FailOnceAt.of(AT, marker.toString()));
    Exception e = assertThrows(Exception.class, p::run);
    // The element at the time or the one after it, whichever the runner hands over first.
    assertThat(rootMessage(e), containsString("Injected failure at an element of event time 2018-06-01T00:01:00.00"));
    assertThat(Files.exists(marker), equalTo(true));
  }

  @Test
  void elementsBeforeTheTimePassThrough(TestPipeline p) {
    Path marker = dir.resolve("failed");
    PCollection<String> out =
        p.apply(Create.timestamped(TimestampedValue.of("early", AT.minus(1)))).apply(FailOnceAt.of(AT, marker.toString()));
    PAssert.that(out).containsInAnyOrder("early");
    p.run().waitUntilFinish();
    assertThat(Files.exists(marker), equalTo(false));
  }

  @Test
  void onceMarkedEveryElementPassesThrough(TestPipeline p) throws Exception {
    Path marker = Files.createFile(dir.resolve("failed"));
    PCollection<String> out = p.apply(lines()).apply(FailOnceAt.of(AT, marker.toString()));
    PAssert.that(out).containsInAnyOrder("early", "at", "after");
    p.run().waitUntilFinish();
  }

  private static Create.TimestampedValues<String> lines() {
    return Create.timestamped(
        TimestampedValue.of("early", AT.minus(1)),
        TimestampedValue.of("at", AT),
        TimestampedValue.of("after", AT.plus(1)));
  }

  private static String rootMessage(Throwable e) {
    while (e.getCause() != null) {
      e = e.getCause();
    }
    return e.getMessage();
  }
}
