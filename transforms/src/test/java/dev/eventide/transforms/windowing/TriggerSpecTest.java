package dev.eventide.transforms.windowing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TriggerSpecTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "default | DefaultTrigger",
        "eventTime | AfterWatermark.pastEndOfWindow()",
        "afterWatermark | AfterWatermark.pastEndOfWindow()",
        "afterWatermark(early=afterCount(2)) | AfterWatermark.pastEndOfWindow().withEarlyFirings(AfterPane.elementCountAtLeast(2))",
        "afterWatermark(late=afterCount(1)) | AfterWatermark.pastEndOfWindow().withLateFirings(AfterPane.elementCountAtLeast(1))",
        "afterWatermark( early = afterProcessingTime(10s), late = afterProcessingTime(500ms) ) | AfterWatermark.pastEndOfWindow().withEarlyFirings(AfterProcessingTime.pastFirstElementInPane().plusDelayOf(10 seconds)).withLateFirings(AfterProcessingTime.pastFirstElementInPane().plusDelayOf(500 milliseconds))",
        "count:5 | Repeatedly.forever(AfterPane.elementCountAtLeast(5))",
        "processingTime:1m | Repeatedly.forever(AfterProcessingTime.pastFirstElementInPane().plusDelayOf(1 minute))",
        "repeat(afterCount(3)) | Repeatedly.forever(AfterPane.elementCountAtLeast(3))",
        "afterFirst(afterCount(3), afterProcessingTime(2s)) | AfterFirst.of(AfterPane.elementCountAtLeast(3), AfterProcessingTime.pastFirstElementInPane().plusDelayOf(2 seconds))",
        "afterAll(afterCount(3), afterWatermark) | AfterAll.of(AfterPane.elementCountAtLeast(3), AfterWatermark.pastEndOfWindow())",
        "afterEach(afterCount(2), count:3) | AfterEach.inOrder(AfterPane.elementCountAtLeast(2), Repeatedly.forever(AfterPane.elementCountAtLeast(3)))",
        "orFinally(count:2, afterWatermark) | Repeatedly.forever(AfterPane.elementCountAtLeast(2)).orFinally(AfterWatermark.pastEndOfWindow())",
      })
  void buildsTheBeamTrigger(String text, String beam) {
    assertThat(TriggerSpec.parse(text).trigger().toString(), equalTo(beam));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "sometimes", "afterCount", "afterCount(0)", "afterCount(x)", "count:", "count:-1",
        "afterWatermark(early=count:2)", "afterWatermark(soon=afterCount(1))", "afterFirst(afterCount(1))",
        "orFinally(count:2, count:3)", "repeat(afterCount(1)", "default default", "processingTime:2w"
      })
  void rejectsInvalidSpecificationsShowingWhatIsAccepted(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TriggerSpec.parse(text));
    assertThat(e.getMessage(), containsString("Invalid trigger '" + text + "'"));
    assertThat(e.getMessage(), containsString("Accepted: " + TriggerSpec.ACCEPTED));
  }
}
