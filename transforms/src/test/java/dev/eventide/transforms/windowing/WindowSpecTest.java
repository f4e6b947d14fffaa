package dev.eventide.transforms.windowing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WindowSpecTest {

  @ParameterizedTest
  @CsvSource({"500ms,500", "2s,2000", "10m,600000", "1h,3600000", "1d,86400000", "0,0", " 3 s ,3000"})
  void readsDurations(String text, long millis) {
    assertThat(Durations.parse(text), equalTo(Duration.millis(millis)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "2", "2w", "-1s", "1.5s", "s", "99999999999999999999s", "365251d", "8766025h"})
  void rejectsDurationsSayingWhatIsAccepted(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    assertThat(e.getMessage(), containsString("'" + text + "'"));
  }

  @Test
  void readsDurationsUpToAThousandYears() {
    // The span event times keep room for (Limits.LONGEST_DURATION): no window or timer overflows.
    assertThat(Durations.parse("365250d"), equalTo(Duration.standardDays(365_250)));
    assertThat(Durations.parse("8766000h"), equalTo(Duration.standardDays(365_250)));
  }

  @Test
  void formatsDurationsAsTheyAreRead() {
    for (String text : new String[] {"0", "500ms", "1500ms", "2s", "90s", "10m", "1h", "1d"}) {
      assertThat(Durations.format(Durations.parse(text)), equalTo(text));
    }
  }

  @Test
  void turnsEachKindIntoItsWindowFn() {
    FixedWindows fixed = (FixedWindows) WindowSpec.parse("fixed:2s").windowFn();
    assertThat(fixed.getSize(), equalTo(Duration.standardSeconds(2)));

    SlidingWindows sliding = (SlidingWindows) WindowSpec.parse("sliding:10s,5s").windowFn();
    assertThat(sliding.getSize(), equalTo(Duration.standardSeconds(10)));
    assertThat(sliding.getPeriod(), equalTo(Duration.standardSeconds(5)));

    Sessions sessions = (Sessions) WindowSpec.parse("session:30m").windowFn();
    assertThat(sessions.getGapDuration(), equalTo(Duration.standardMinutes(30)));

    assertThat(WindowSpec.parse(" GLOBAL ").windowFn(), instanceOf(GlobalWindows.class));
  }

  @ParameterizedTest
  @ValueSource(strings = {"fixed:2s", "sliding:10s,5s", "session:500ms", "global"})
  void printsAsItIsWritten(String text) {
    assertThat(WindowSpec.parse(text).toString(), equalTo(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "fixed", "fixed:", "fixed:0", "tumbling:2s", "sliding:5s", "sliding:5s,10s", "session:-1s", "global:1s",
        "sliding:1d,1ms", "fixed:365251d"
      })
  void rejectsInvalidSpecificationsShowingWhatIsAccepted(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WindowSpec.parse(text));
    assertThat(e.getMessage(), containsString("Invalid window '" + text + "'"));
    assertThat(e.getMessage(), containsString("Accepted: " + WindowSpec.ACCEPTED));
  }
}
