package dev.eventide.testing.matchers;

import java.util.Objects;
import org.apache.beam.sdk.transforms.windowing.PaneInfo.Timing;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;
import org.joda.time.Instant;

/** Hamcrest matchers for {@link PaneRecord}s. */
public final class PaneMatchers {

  private PaneMatchers() {}

  /** A value emitted in window {@code [start, end)} in the pane of {@code timing} and index. */
  public static Matcher<PaneRecord> pane(
      Instant start, Instant end, Timing timing, long index, String value) {
    return new PaneRecordMatcher(new ExpectedPane(value, start, end, timing, index));
  }

  /** Matches exactly the expectation (window, timing, index and value). */
  public static Matcher<PaneRecord> matches(ExpectedPane expected) {
    return new PaneRecordMatcher(expected);
  }

  private static final class PaneRecordMatcher extends TypeSafeDiagnosingMatcher<PaneRecord> {
    private final ExpectedPane expected;

    PaneRecordMatcher(ExpectedPane expected) {
      this.expected = expected;
    }

    @Override
    protected boolean matchesSafely(PaneRecord actual, Description mismatch) {
      boolean same =
          Objects.equals(actual.value(), expected.value())
              && Objects.equals(actual.windowStart(), expected.windowStart())
              && Objects.equals(actual.windowEnd(), expected.windowEnd())
              && actual.timing() == expected.timing()
              && (expected.index() < 0 || actual.index() == expected.index());
      if (!same) {
        mismatch.appendText("was ").appendValue(actual);
      }
      return same;
    }

    @Override
    public void describeTo(Description description) {
      description.appendValue(expected);
    }
  }
}
