package dev.eventide.transforms.sql;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventide.transforms.windowing.WindowSpec;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Planning a query: the planner's own message and position for a bad one, and the windows a query
 * puts each table's event time into, which late records are routed by.
 */
class QueryPlanTest {

  private static final List<QueryPlan.Table> TABLES =
      List.of(new QueryPlan.Table("sales", EventRows.SALE, true), new QueryPlan.Table("readings", EventRows.READING, true));

  private static QueryPlan plan(String query) {
    return QueryPlan.of(query, TABLES, PipelineOptionsFactory.create());
  }

  private static String error(String query) {
    return assertThrows(IllegalArgumentException.class, () -> plan(query)).getMessage();
  }

  @Test
  void aTumblingAggregationWindowsItsTableInFixedWindows() {
    QueryPlan plan =
        plan("SELECT `month`, SUM(profit) AS profit FROM sales GROUP BY `month`, TUMBLE(event_time, INTERVAL '10' SECOND)");
    assertThat(plan.windowOf("sales"), equalTo(Optional.of(WindowSpec.fixed(Duration.standardSeconds(10)))));
    assertThat(plan.windowOf("readings"), equalTo(Optional.empty()));
    assertThat(plan.unroutable(), empty());
    assertThat(plan.explain(), containsString("BeamAggregationRel"));
  }

  @Test
  void aHoppingAggregationSlidesAndASessionOneMerges() {
    assertThat(
        plan("SELECT device, COUNT(*) AS n FROM readings GROUP BY device, HOP(event_time, INTERVAL '5' SECOND, INTERVAL '20' SECOND)")
            .windowOf("readings"),
        equalTo(Optional.of(WindowSpec.sliding(Duration.standardSeconds(20), Duration.standardSeconds(5)))));
    assertThat(
        plan("SELECT product, COUNT(*) AS n FROM sales WHERE profit > 0 GROUP BY product, SESSION(event_time, INTERVAL '30' SECOND)")
            .windowOf("sales"),
        equalTo(Optional.of(WindowSpec.session(Duration.standardSeconds(30)))));
  }

  @Test
  void aTableWindowedTwoWaysOrOnAnotherTimeIsNotRouted() {
    QueryPlan twoWays =
        plan(
            "SELECT a.`month`, a.n, b.n AS m FROM"
                + " (SELECT `month`, COUNT(*) AS n, TUMBLE_START(event_time, INTERVAL '10' SECOND) AS s FROM sales"
                + "  GROUP BY `month`, TUMBLE(event_time, INTERVAL '10' SECOND)) a JOIN"
                + " (SELECT `month`, COUNT(*) AS n, TUMBLE_START(event_time, INTERVAL '20' SECOND) AS s FROM sales"
                + "  GROUP BY `month`, TUMBLE(event_time, INTERVAL '20' SECOND)) b ON a.`month` = b.`month` AND a.s = b.s");
    assertThat(twoWays.windowOf("sales"), equalTo(Optional.empty()));
    assertThat(twoWays.unroutable(), hasSize(1));
    assertThat(twoWays.unroutable().get(0), containsString("windowed in 2 ways"));

    QueryPlan shifted =
        plan(
            "SELECT `month`, COUNT(*) AS n FROM sales"
                + " GROUP BY `month`, TUMBLE(event_time + INTERVAL '1' HOUR, INTERVAL '10' SECOND)");
    assertThat(shifted.windowOf("sales"), equalTo(Optional.empty()));
    assertThat(shifted.unroutable().get(0), containsString("not over a table's event_time column itself"));
  }

  @Test
  void anUnknownColumnIsNamedWithItsPosition() {
    assertThat(
        error("SELECT mnth FROM sales"),
        allOf(containsString("line 1, column 8"), containsString("Column 'mnth' not found")));
  }

  @Test
  void aTypeErrorIsNamedWithItsPosition() {
    assertThat(
        error("SELECT SUM(event_time) FROM sales"),
        allOf(
            containsString("From line 1, column 8 to line 1, column 22"),
            containsString("Cannot apply 'SUM' to arguments of type 'SUM(<TIMESTAMP(6)>)'")));
  }

  @Test
  void aSyntaxErrorIsOneLineWithItsPosition() {
    String message = error("SELECT product FORM sales");
    assertThat(message, allOf(containsString("line 1, column"), not(containsString("\n"))));
  }

  @Test
  void aColumnNamedLikeAKeywordIsToBeQuoted() {
    assertThat(
        error("SELECT month FROM sales"),
        equalTo(
            "bad query: Encountered \"month FROM\" at line 1, column 8. The column month has the name of a SQL keyword:"
                + " write it `month`, in backticks."));
    assertThat(error("SELECT product FORM sales"), not(containsString("keyword")));
  }

  @Test
  void aTableNamedLikeAKeywordIsToBeQuoted() {
    List<QueryPlan.Table> tables = List.of(new QueryPlan.Table("returns", EventRows.SALE, false));
    String message =
        assertThrows(
                IllegalArgumentException.class,
                () -> QueryPlan.of("SELECT product FROM returns", tables, PipelineOptionsFactory.create()))
            .getMessage();
    assertThat(message, containsString("The table returns has the name of a SQL keyword: write it `returns`, in backticks"));
    assertThat(
        QueryPlan.of("SELECT product FROM `returns`", tables, PipelineOptionsFactory.create()).explain(),
        containsString("BeamIOSourceRel"));
  }

  @Test
  void anUnknownTableAndAMissingQueryAreNamed() {
    assertThat(error("SELECT * FROM orders"), containsString("Object 'orders' not found"));
    assertThat(error("  "), containsString("--query is required"));
  }

  @Test
  void sessionEndWhichBeamGetsWrongIsRefusedWithWhatToWriteInstead() {
    assertThat(
        error("SELECT session_end(event_time, INTERVAL '5' SECOND) AS e FROM sales GROUP BY SESSION(event_time, INTERVAL '5' SECOND)"),
        containsString("SESSION_END is not supported: Beam SQL gives the session's start for it"));
  }

  @Test
  void anUnsupportedConstructSaysSo() {
    assertThat(error("SELECT product FROM sales ORDER BY profit"), containsString("ORDER BY without a LIMIT is not supported"));
  }
}
