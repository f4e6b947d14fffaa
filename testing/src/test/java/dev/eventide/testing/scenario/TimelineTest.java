package dev.eventide.testing.scenario;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventide.testing.scenario.Timeline.AdvanceProcessingTime;
import dev.eventide.testing.scenario.Timeline.AdvanceWatermark;
import dev.eventide.testing.scenario.Timeline.Element;
import dev.eventide.testing.scenario.Timeline.FinalWatermark;
import org.apache.beam.sdk.testing.TestStream;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class TimelineTest {

  private static final Timeline START = Timeline.startingAt("2018-06-01T00:00:00Z");

  @Test
  void readsElementsWatermarksAndProcessingTime() {
    Timeline timeline =
        START.parse(
            """
            # a comment line
            00:00:00.500  {t},June,Bat,1   # the time goes into the text
            00:00:01      b#c
            watermark 00:00:02
            processing +00:01:00
            watermark end
            """);
    assertThat(
        timeline.steps(),
        contains(
            new Element(Instant.parse("2018-06-01T00:00:00.500Z"), "2018-06-01T00:00:00.500Z,June,Bat,1"),
            new Element(Instant.parse("2018-06-01T00:00:01Z"), "b#c"),
            new AdvanceWatermark(Instant.parse("2018-06-01T00:00:02Z")),
            new AdvanceProcessingTime(Duration.standardMinutes(1)),
            new FinalWatermark()));
  }

  @Test
  void groupsConsecutiveElementsIntoOneBundleAndEndsAtTheFinalWatermark() {
    TestStream<String> stream =
        START.parse(
                """
                00:00:01 a
                00:00:02 b
                watermark 00:00:03
                00:00:04 c
                """)
            .toTestStream();
    assertThat(stream.getEvents().size(), equalTo(4));
    assertThat(stream.getEvents().get(0), instanceOf(TestStream.ElementEvent.class));
    assertThat(
        java.util.stream.StreamSupport.stream(
                ((TestStream.ElementEvent<String>) stream.getEvents().get(0)).getElements().spliterator(),
                false)
            .count(),
        equalTo(2L));
    assertThat(stream.getEvents().get(1), instanceOf(TestStream.WatermarkEvent.class));
    assertThat(
        ((TestStream.WatermarkEvent<String>) stream.getEvents().get(3)).getWatermark(),
        equalTo(org.apache.beam.sdk.transforms.windowing.BoundedWindow.TIMESTAMP_MAX_VALUE));
  }

  @Test
  void clockOffsetsMayLieBeforeTheStart() {
    org.hamcrest.MatcherAssert.assertThat(
        START.at("-00:00:02.5"), equalTo(Instant.parse("2018-05-31T23:59:57.500Z")));
  }

  @Test
  void rejectsAMalformedLineNamingIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> START.parse("1s a"));
    assertThat(e.getMessage(), containsString("line 1 '1s a'"));
    assertThat(e.getMessage(), containsString("HH:mm:ss"));
  }

  @Test
  void nothingFollowsTheFinalWatermark() {
    Timeline timeline = START.parse("watermark end\n00:00:01 late");
    assertThrows(IllegalStateException.class, timeline::toTestStream);
  }
}
