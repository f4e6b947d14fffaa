package dev.eventide.transforms.windowing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EvictorSpecTest {

  private static final List<TimestampedValue<Integer>> WINDOW =
      List.of(
          TimestampedValue.of(1, new Instant(1000)),
          TimestampedValue.of(9, new Instant(2000)),
          TimestampedValue.of(10, new Instant(3500)));

  @Test
  void eachKindKeepsWhatFlinksEvictorKeeps() {
    assertThat(values("none"), equalTo(List.of(1, 9, 10)));
    assertThat(values("count:2"), equalTo(List.of(9, 10)));
    assertThat(values("time:1500ms"), equalTo(List.of(9, 10)));
    assertThat(values("time:1s"), equalTo(List.of(10)));
    assertThat(values("delta:2"), equalTo(List.of(9, 10)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "count", "count:0", "count:x", "time:2w", "delta:-1", "delta:x", "size:3"})
  void rejectsInvalidSpecificationsShowingWhatIsAccepted(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EvictorSpec.parse(text));
    assertThat(e.getMessage(), containsString("Invalid evictor '" + text + "'"));
    assertThat(e.getMessage(), containsString("Accepted: " + EvictorSpec.ACCEPTED));
  }

  private static List<Integer> values(String spec) {
    Evictor<Integer> evictor = EvictorSpec.parse(spec).evictor((a, b) -> (double) Math.abs(a - b));
    return evictor.keep(WINDOW).stream().map(TimestampedValue::getValue).toList();
  }
}
