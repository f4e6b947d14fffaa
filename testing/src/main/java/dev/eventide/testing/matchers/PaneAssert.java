package dev.eventide.testing.matchers;

import static org.hamcrest.MatcherAssert.assertThat;

import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.values.PCollection;
import org.hamcrest.Matcher;
import org.hamcrest.Matchers;

/**
 * Pane-by-pane assertions: every output's value, window, timing and index at once, which {@code
 * PAssert} expresses only one window and one pane kind at a time.
 *
 * <pre>
 * PCollection&lt;PaneRecord&gt; panes = results.apply(CapturePanes.rendering(kv -&gt; ...));
 * WindowExpectations w = ExpectedPane.window(t0, t0.plus(2000));
 * PaneAssert.that(panes).containsExactly(w.early(0, "June=3"), w.onTime(1, "June=5"));
 * </pre>
 */
public final class PaneAssert {

  private final PCollection<PaneRecord> panes;

  private PaneAssert(PCollection<PaneRecord> panes) {
    this.panes = panes;
  }

  public static PaneAssert that(PCollection<PaneRecord> panes) {
    return new PaneAssert(panes);
  }

  /** The output is exactly these panes, in any order: nothing missing, nothing extra. */
  public void containsExactly(ExpectedPane... expected) {
    List<ExpectedPane> all = List.copyOf(Arrays.asList(expected));
    PAssert.that(panes)
        .satisfies(
            actual -> {
              List<Matcher<? super PaneRecord>> matchers =
                  all.stream().<Matcher<? super PaneRecord>>map(PaneMatchers::matches).toList();
              assertThat(actual, Matchers.containsInAnyOrder(matchers));
              return null;
            });
  }

  /** No output at all. */
  public void isEmpty() {
    PAssert.that(panes).empty();
  }
}
