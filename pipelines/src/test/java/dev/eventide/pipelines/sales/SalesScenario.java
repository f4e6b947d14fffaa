package dev.eventide.pipelines.sales;

import dev.eventide.testing.scenario.Timeline;
import java.util.List;

/**
 * A sales scenario that both proves a windowing concept and draws it: a timeline of sale lines and
 * watermarks, the job's options, and the exact result lines (and late records, where the scenario
 * checks them) it must give. {@link SalesScenariosTest} asserts them on both runners; {@link
 * ConceptFiguresTest} asserts them again on the traced run it draws, so a figure shows only what a
 * test asserts.
 *
 * @param figure the figure's file name in {@code docs/figures}, without {@code .svg}
 * @param lateRecords the late output's lines, or {@code null} where the scenario leaves them open
 */
record SalesScenario(
    String figure,
    String title,
    String timeline,
    List<String> args,
    List<String> results,
    List<String> lateRecords) {

  static final Timeline T = Timeline.startingAt("2018-06-01T00:00:00Z");

  static final SalesScenario FIXED_WINDOWS =
      new SalesScenario(
          "window-fixed",
          "Tumbling windows: one ON_TIME pane per window when the watermark passes its end",
          """
          00:00:00.500 {t},June,Category1,Bat,10
          00:00:01.500 {t},June,Category2,Ball,5
          00:00:02.100 {t},June,Category1,Bat,7
          watermark 00:00:02
          00:00:03.999 {t},June,Category3,Shirt,-2
          watermark 00:00:04
          """,
          List.of("--window=fixed:2s"),
          List.of(
              result("June", "00:00:00", "00:00:02", "ON_TIME", 0, 15, 2),
              result("June", "00:00:02", "00:00:04", "ON_TIME", 0, 5, 2)),
          List.of());

  static final SalesScenario OUT_OF_ORDER =
      new SalesScenario(
          "watermark-out-of-order",
          "Out of order, inside the watermark: each sale counts in its own window",
          """
          00:00:02.500 {t},June,Category1,Bat,1
          00:00:01.900 {t},June,Category1,Bat,2
          00:00:00.100 {t},June,Category1,Ball,4
          00:00:03.000 {t},June,Category1,Ball,8
          00:00:01.000 {t},June,Category1,Bat,16
          watermark 00:00:04
          """,
          List.of("--window=fixed:2s", "--keyBy=product"),
          List.of(
              result("Bat", "00:00:00", "00:00:02", "ON_TIME", 0, 18, 2),
              result("Ball", "00:00:00", "00:00:02", "ON_TIME", 0, 4, 1),
              result("Bat", "00:00:02", "00:00:04", "ON_TIME", 0, 1, 1),
              result("Ball", "00:00:02", "00:00:04", "ON_TIME", 0, 8, 1)),
          List.of());

  static final SalesScenario NO_LATENESS =
      new SalesScenario(
          "lateness-none",
          "No allowed lateness: a sale behind a closed window goes to the late output",
          """
          00:00:00.500 {t},June,Category1,Bat,10
          watermark 00:00:02
          00:00:01.000 {t},June,Category1,Bat,99
          00:00:02.500 {t},June,Category1,Bat,1
          watermark 00:00:04
          """,
          List.of("--window=fixed:2s"),
          List.of(
              result("June", "00:00:00", "00:00:02", "ON_TIME", 0, 10, 1),
              result("June", "00:00:02", "00:00:04", "ON_TIME", 0, 1, 1)),
          List.of(
              late("00:00:01.000", "June,Category1,Bat,99", "June", "00:00:00", "00:00:02", "00:00:02", 1000)));

  static final SalesScenario LATE_OUTPUT =
      new SalesScenario(
          "lateness-late-output",
          "After the allowed lateness: the sale goes to the late output with the window it missed",
          """
          00:00:00.500 {t},June,Category1,Bat,10
          watermark 00:00:03.999       # [0 s, 2 s) with 2 s lateness: still open
          00:00:01.000 {t},June,Category1,Bat,5
          watermark 00:00:04           # one millisecond later: closed
          00:00:01.500 {t},June,Category1,Bat,99
          00:00:04.500 {t},June,Category1,Bat,1
          """,
          List.of("--window=fixed:2s", "--allowedLateness=2s"),
          List.of(
              result("June", "00:00:00", "00:00:02", "ON_TIME", 0, 10, 1),
              result("June", "00:00:00", "00:00:02", "LATE", 1, 15, 2),
              result("June", "00:00:04", "00:00:06", "ON_TIME", 0, 1, 1)),
          List.of(
              late("00:00:01.500", "June,Category1,Bat,99", "June", "00:00:00", "00:00:02", "00:00:04", 2500)));

  static final SalesScenario ALLOWED_LATENESS =
      new SalesScenario(
          "lateness-allowed",
          "Allowed lateness of 5 s: each late sale fires a LATE pane with the whole window",
          """
          00:00:00.500 {t},June,Category1,Bat,10
          watermark 00:00:02
          00:00:01.000 {t},June,Category1,Bat,99
          watermark 00:00:05
          00:00:01.500 {t},June,Category1,Bat,1000
          watermark 00:00:08
          00:00:01.800 {t},June,Category1,Bat,5000
          """,
          List.of("--window=fixed:2s", "--allowedLateness=5s"),
          // Window [0s, 2s) expires when the watermark passes 2s + 5s: the last sale is too late.
          List.of(
              result("June", "00:00:00", "00:00:02", "ON_TIME", 0, 10, 1),
              result("June", "00:00:00", "00:00:02", "LATE", 1, 109, 2),
              result("June", "00:00:00", "00:00:02", "LATE", 2, 1109, 3)),
          List.of(
              late("00:00:01.800", "June,Category1,Bat,5000", "June", "00:00:00", "00:00:02", "00:00:07", 5200)));

  static final SalesScenario DISCARDING =
      new SalesScenario(
          "trigger-discarding-late",
          "Discarding panes: each pane holds only what arrived since the previous one",
          """
          00:00:00.500 {t},June,Category1,Bat,10
          watermark 00:00:02
          00:00:01.000 {t},June,Category1,Bat,99
          watermark 00:00:03
          """,
          List.of("--window=fixed:2s", "--allowedLateness=5s", "--accumulation=discarding"),
          List.of(
              result("June", "00:00:00", "00:00:02", "ON_TIME", 0, 10, 1),
              result("June", "00:00:00", "00:00:02", "LATE", 1, 99, 1)),
          List.of());

  static final SalesScenario SLIDING_WINDOWS =
      new SalesScenario(
          "window-sliding",
          "Sliding windows of 4 s every 2 s: a sale counts in each window that overlaps it",
          """
          00:00:00.500 {t},June,Category1,Bat,10
          00:00:02.500 {t},June,Category1,Bat,5
          watermark 00:00:06
          """,
          List.of("--window=sliding:4s,2s"),
          List.of(
              result("June", "-00:00:02", "00:00:02", "ON_TIME", 0, 10, 1),
              result("June", "00:00:00", "00:00:04", "ON_TIME", 0, 15, 2),
              result("June", "00:00:02", "00:00:06", "ON_TIME", 0, 5, 1)),
          List.of());

  static final SalesScenario SESSION_WINDOWS =
      new SalesScenario(
          "window-session",
          "Session windows with a 1 s gap: a late-arriving sale bridges two sessions into one",
          """
          00:00:00.000 {t},June,Category1,Bat,1
          00:00:01.800 {t},June,Category1,Bat,2
          00:00:05.000 {t},June,Category1,Bat,4
          00:00:00.900 {t},June,Category1,Bat,8
          00:00:01.000 {t},July,Category1,Bat,16
          watermark 00:00:10
          """,
          List.of("--window=session:1s"),
          // June: 0.0 and 1.8 are two sessions until 0.9 bridges them into [0.0, 2.8); 5.0 stays apart.
          List.of(
              result("June", "00:00:00", "00:00:02.800", "ON_TIME", 0, 11, 3),
              result("June", "00:00:05", "00:00:06", "ON_TIME", 0, 4, 1),
              result("July", "00:00:01", "00:00:02", "ON_TIME", 0, 16, 1)),
          List.of());

  static final SalesScenario EARLY_FIRINGS =
      new SalesScenario(
          "trigger-early",
          "Early firings every two sales, then the ON_TIME pane (accumulating)",
          """
          00:00:00.100 {t},June,Category1,Bat,1
          watermark 00:00:00.100
          00:00:00.200 {t},June,Category1,Bat,2
          watermark 00:00:00.200
          00:00:00.300 {t},June,Category1,Bat,4
          watermark 00:00:02
          """,
          List.of("--window=fixed:2s", "--trigger=afterWatermark(early=afterCount(2))"),
          List.of(
              result("June", "00:00:00", "00:00:02", "EARLY", 0, 3, 2),
              result("June", "00:00:00", "00:00:02", "ON_TIME", 1, 7, 3)),
          List.of());

  static final SalesScenario DISCARDING_EARLY_FIRINGS =
      new SalesScenario(
          "trigger-early-discarding",
          "Early firings with discarding panes (Flink's PurgingTrigger): only the new sales",
          EARLY_FIRINGS.timeline(),
          List.of("--window=fixed:2s", "--trigger=afterWatermark(early=afterCount(2))", "--accumulation=discarding"),
          List.of(
              result("June", "00:00:00", "00:00:02", "EARLY", 0, 3, 2),
              result("June", "00:00:00", "00:00:02", "ON_TIME", 1, 4, 1)),
          List.of());

  // The global window with Flink's CountTrigger and PurgingTrigger (discarding). Each sale comes in
  // a bundle of its own (the watermark steps part them): a count trigger fires after at least n
  // elements, and a runner that hands over more at once fires with more.
  static final SalesScenario GLOBAL_COUNT =
      new SalesScenario(
          "window-global-count",
          "The global window with a count trigger (CountTrigger, purging): a pane every two sales",
          """
          00:00:00.100 {t},June,Category1,Bat,1
          watermark 00:00:00.100
          00:00:00.200 {t},June,Category1,Bat,2
          watermark 00:00:00.200
          00:00:05.000 {t},June,Category1,Bat,4
          watermark 00:00:05
          00:00:09.000 {t},June,Category1,Bat,8
          watermark 00:00:09
          00:00:12.000 {t},June,Category1,Bat,16
          """,
          List.of("--window=global", "--trigger=count:2", "--accumulation=discarding"),
          // The fifth sale waits for two more that never come: the end of the input fires it.
          List.of(
              SalesResults.line("June", null, null, "EARLY", 0, 3, 2),
              SalesResults.line("June", null, null, "EARLY", 1, 12, 2),
              SalesResults.line("June", null, null, "ON_TIME", 2, 16, 1)),
          List.of());

  static final SalesScenario LATE_FIRINGS =
      new SalesScenario(
          "trigger-late",
          "Late firings every two late sales, and the rest when the window closes",
          """
          00:00:00.500 {t},June,Category1,Bat,10
          watermark 00:00:02
          00:00:01.000 {t},June,Category1,Bat,1
          watermark 00:00:02.100
          00:00:01.500 {t},June,Category1,Bat,2
          watermark 00:00:02.200
          00:00:01.700 {t},June,Category1,Bat,4
          watermark 00:00:05
          """,
          List.of("--window=fixed:2s", "--trigger=afterWatermark(late=afterCount(2))", "--allowedLateness=10s"),
          List.of(
              result("June", "00:00:00", "00:00:02", "ON_TIME", 0, 10, 1),
              result("June", "00:00:00", "00:00:02", "LATE", 1, 13, 3),
              result("June", "00:00:00", "00:00:02", "LATE", 2, 17, 4)),
          List.of());

  static final SalesScenario PROCESSING_TIME_EARLY_FIRINGS =
      new SalesScenario(
          "trigger-early-processing-time",
          "Early firings 5 s of processing time after a pane's first sale",
          """
          00:00:00.100 {t},June,Category1,Bat,1
          processing +00:00:06
          00:00:00.200 {t},June,Category1,Bat,2
          watermark 00:00:02
          """,
          List.of("--window=fixed:2s", "--trigger=afterWatermark(early=afterProcessingTime(5s))"),
          List.of(
              result("June", "00:00:00", "00:00:02", "EARLY", 0, 1, 1),
              result("June", "00:00:00", "00:00:02", "ON_TIME", 1, 3, 2)),
          List.of());

  static final SalesScenario COUNT_EVICTOR =
      new SalesScenario(
          "evictor-count",
          "A count evictor (Flink's CountEvictor.of(2)): each pane sums the last two sales",
          EARLY_FIRINGS.timeline(),
          List.of("--window=fixed:2s", "--trigger=afterWatermark(early=afterCount(2))", "--evictor=count:2"),
          List.of(
              result("June", "00:00:00", "00:00:02", "EARLY", 0, 3, 2),
              result("June", "00:00:00", "00:00:02", "ON_TIME", 1, 6, 2)),
          List.of());

  // Flink's ProcessingTimeTrigger with PurgingTrigger: each pane holds what came since the last.
  static final SalesScenario PROCESSING_TIME =
      new SalesScenario(
          "trigger-processing-time",
          "The global window with a processing-time trigger: a pane every 2 s of processing time",
          """
          00:00:00.100 {t},June,Category1,Bat,1
          processing +00:00:03
          00:00:00.200 {t},June,Category1,Bat,2
          00:00:05.000 {t},June,Category1,Bat,4
          processing +00:00:03
          """,
          List.of("--window=global", "--trigger=processingTime:2s", "--accumulation=discarding"),
          List.of(
              SalesResults.line("June", null, null, "EARLY", 0, 1, 1),
              SalesResults.line("June", null, null, "EARLY", 1, 6, 2)),
          List.of());

  // Beam's AfterWatermark re-arms an early trigger after each early pane with setFinished(false)
  // on the trigger itself, not resetTree(): a composite early trigger keeps its fired child
  // finished, so after its first early pane it fires on every element. Both runners share that
  // state machine (runners-core), and so give the same panes.
  static final SalesScenario COMPOSITE_EARLY_FIRINGS =
      new SalesScenario(
          "trigger-composite",
          "A composite early trigger: whichever of two sales or an hour comes first",
          EARLY_FIRINGS.timeline(),
          List.of("--window=fixed:2s", "--trigger=afterWatermark(early=afterFirst(afterCount(2), afterProcessingTime(1h)))"),
          List.of(
              result("June", "00:00:00", "00:00:02", "EARLY", 0, 3, 2),
              result("June", "00:00:00", "00:00:02", "EARLY", 1, 7, 3)),
          List.of());

  /** Every scenario with a figure, in the order the concepts page shows them. */
  static final List<SalesScenario> ALL =
      List.of(
          FIXED_WINDOWS,
          SLIDING_WINDOWS,
          SESSION_WINDOWS,
          GLOBAL_COUNT,
          OUT_OF_ORDER,
          EARLY_FIRINGS,
          DISCARDING_EARLY_FIRINGS,
          PROCESSING_TIME_EARLY_FIRINGS,
          LATE_FIRINGS,
          COMPOSITE_EARLY_FIRINGS,
          PROCESSING_TIME,
          DISCARDING,
          NO_LATENESS,
          ALLOWED_LATENESS,
          LATE_OUTPUT,
          COUNT_EVICTOR);

  /** Its figure's name, which names it in test reports. */
  @Override
  public String toString() {
    return figure;
  }

  /** A result line; window bounds as clock offsets from the timeline start. */
  static String result(String key, String start, String end, String pane, long index, long profit, long count) {
    return SalesResults.line(
        key, Timeline.isoInstant(T.at(start)), Timeline.isoInstant(T.at(end)), pane, index, profit, count);
  }

  /** A late output line, as {@code RouteLateRecords} writes it; times as clock offsets. */
  static String late(
      String eventTime, String fields, String key, String start, String end, String closedAt, long beforeCloseMs) {
    String at = Timeline.isoInstant(T.at(eventTime));
    return "{\"record\":\"" + at + "," + fields + "\",\"key\":\"" + key + "\","
        + "\"windowStart\":\"" + Timeline.isoInstant(T.at(start)) + "\",\"windowEnd\":\"" + Timeline.isoInstant(T.at(end)) + "\","
        + "\"eventTime\":\"" + at + "\",\"windowClosedAt\":\"" + Timeline.isoInstant(T.at(closedAt)) + "\","
        + "\"eventTimeBeforeCloseMs\":" + beforeCloseMs + "}";
  }
}
