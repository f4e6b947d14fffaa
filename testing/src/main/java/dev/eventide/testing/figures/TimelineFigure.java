package dev.eventide.testing.figures;

import dev.eventide.testing.figures.TracedTimeline.Kind;
import dev.eventide.testing.figures.TracedTimeline.Moment;
import dev.eventide.testing.figures.TracedTimeline.Routed;
import dev.eventide.testing.matchers.PaneRecord;
import dev.eventide.testing.scenario.Timeline;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/**
 * Draws a traced timeline as an SVG figure: event time runs left to right, the timeline's moments
 * top to bottom in the order they happen. Each element is a dot at its event time on a line of its
 * own (hollow when it arrives behind the watermark), the watermark is a red staircase with the
 * event time it has passed shaded, and each pane is a box across its window, drawn under the moment
 * that fired it and coloured by its timing (EARLY, ON_TIME, LATE), with its value. The windows the
 * panes belong to are drawn above the rows. The output depends only on the trace, so a figure
 * regenerated from an unchanged run is byte for byte the same file.
 */
public final class TimelineFigure {

  private static final int WIDTH = 860;
  private static final int PLOT_LEFT = 190;
  private static final int PLOT_RIGHT = 640;
  private static final int ROW = 20;
  // Widths of a character of the 11 px sans-serif text, plain and bold, for laying out lanes.
  private static final double CHAR_WIDTH = 6.3;
  private static final double BOLD_CHAR_WIDTH = 7.0;
  // A white outline under a label keeps it readable where it crosses the watermark's line.
  private static final String HALO = "stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"";
  private static final String[] COLOURS = {"#4e79a7", "#2f8a3e", "#e07b00"}; // EARLY, ON_TIME, LATE

  private final String title;
  private final String subtitle;
  private final String caption;
  private final Function<String, String> elementLabel;

  private TimelineFigure(String title, String subtitle, String caption, Function<String, String> elementLabel) {
    this.title = title;
    this.subtitle = subtitle;
    this.caption = caption;
    this.elementLabel = elementLabel;
  }

  /**
   * A figure with a title, a subtitle (the options, say), a caption under it (where it comes from)
   * and a function that labels each element from its text.
   */
  public static TimelineFigure titled(
      String title, String subtitle, String caption, Function<String, String> elementLabel) {
    return new TimelineFigure(title, subtitle, caption, elementLabel);
  }

  /** The figure of these moments, on clock offsets from {@code timeline}'s start. */
  public String svg(Timeline timeline, List<Moment> moments) {
    Instant start = timeline.start();
    Scale scale = Scale.of(start, moments);
    List<String> body = new ArrayList<>();

    // The windows of every pane, in lanes that do not overlap, above the rows.
    TreeSet<Long> boundaries = new TreeSet<>();
    List<long[]> windows = new ArrayList<>();
    for (Moment m : moments) {
      for (PaneRecord p : m.panes()) {
        if (!p.inGlobalWindow()) {
          long[] w = {p.windowStart().getMillis(), p.windowEnd().getMillis()};
          if (windows.stream().noneMatch(x -> x[0] == w[0] && x[1] == w[1])) {
            windows.add(w);
          }
          boundaries.add(w[0]);
          boundaries.add(w[1]);
        }
      }
    }
    windows.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    Lanes windowLanes = new Lanes();
    int axisY = 88;
    int windowsTop = axisY + 12;
    List<String> windowShapes = new ArrayList<>();
    for (long[] w : windows) {
      double x0 = scale.x(w[0]);
      double x1 = scale.x(w[1]);
      String text = "[" + scale.offset(w[0]) + ", " + scale.offset(w[1]) + ")";
      int lane = windowLanes.place(x0, Math.max(x1, x0 + 4 + text.length() * CHAR_WIDTH * 0.85));
      int y = windowsTop + lane * 17;
      windowShapes.add(rect(x0, y, x1 - x0, 14, "fill=\"#eef2f7\" stroke=\"#8a9bb0\""));
      windowShapes.add(text(x0 + 3, y + 11, text, "font-size=\"9.5\" fill=\"#44556b\""));
    }
    if (moments.stream().anyMatch(m -> m.panes().stream().anyMatch(PaneRecord::inGlobalWindow))) {
      int lane = windowLanes.place(PLOT_LEFT, PLOT_RIGHT);
      int y = windowsTop + lane * 17;
      windowShapes.add(rect(PLOT_LEFT, y, PLOT_RIGHT - PLOT_LEFT, 14, "fill=\"#eef2f7\" stroke=\"#8a9bb0\""));
      windowShapes.add(text(PLOT_LEFT + 3, y + 11, "the global window", "font-size=\"9.5\" fill=\"#44556b\""));
    }
    int rowsTop = windowsTop + Math.max(windowLanes.count(), 1) * 17 + 14;

    // The rows: each moment, then the panes and routed records it caused.
    List<String> shading = new ArrayList<>();
    List<String> rows = new ArrayList<>();
    List<double[]> watermarkPath = new ArrayList<>();
    int y = rowsTop;
    Instant watermark = BoundedWindow.TIMESTAMP_MIN_VALUE;
    for (Moment m : moments) {
      switch (m.kind()) {
        case ARRIVAL -> {
          boolean first = true;
          for (Timeline.Element e : m.elements()) {
            rows.add(text(10, y + 14, first ? (m.elements().size() > 1 ? "arrive together" : "arrives") : "", "fill=\"#333\""));
            first = false;
            behind(shading, watermarkPath, scale, watermark, y);
            double x = scale.x(e.timestamp().getMillis());
            boolean late = e.timestamp().isBefore(watermark);
            rows.add(String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%d\" r=\"4.5\" fill=\"%s\" stroke=\"#222\" stroke-width=\"1.5\"/>",
                x, y + 10, late ? "#ffffff" : "#222"));
            rows.add(text(x + 8, y + 14, elementLabel.apply(e.text()) + "  at " + scale.offset(e.timestamp().getMillis())
                + (late ? ", behind the watermark" : ""), "font-size=\"10.5\" fill=\"#222\" " + HALO));
            y += ROW;
          }
        }
        case WATERMARK -> {
          watermark = m.watermark();
          rows.add(text(10, y + 14, "watermark → " + scale.offset(watermark.getMillis()), "fill=\"#c62828\""));
          behind(shading, watermarkPath, scale, watermark, y);
          y += ROW;
        }
        case PROCESSING_TIME -> {
          rows.add(text(10, y + 14, "processing time +" + seconds(m.processingAdvance().getMillis()), "fill=\"#6a4c93\""));
          behind(shading, watermarkPath, scale, watermark, y);
          y += ROW;
        }
        case END_OF_INPUT -> {
          watermark = BoundedWindow.TIMESTAMP_MAX_VALUE;
          rows.add(text(10, y + 14, "end of input: watermark → ∞", "fill=\"#c62828\""));
          behind(shading, watermarkPath, scale, watermark, y);
          y += ROW;
        }
      }
      Lanes lanes = new Lanes();
      List<String> paneShapes = new ArrayList<>();
      for (PaneRecord p : m.panes()) {
        double x0 = p.inGlobalWindow() ? PLOT_LEFT : scale.x(p.windowStart().getMillis());
        double x1 = p.inGlobalWindow() ? PLOT_RIGHT : scale.x(p.windowEnd().getMillis());
        String label = p.timing() + " #" + p.index() + "  " + p.value();
        double textWidth = label.length() * BOLD_CHAR_WIDTH;
        // The label goes inside the box where it fits, else just after it.
        double textX = x0 + 4 + textWidth <= x1 - 2 ? x0 + 4 : x1 + 5;
        int lane = lanes.place(x0, Math.max(x1, textX + textWidth));
        int ly = y + lane * ROW;
        String colour = colour(p.timing().name());
        paneShapes.add(rect(x0, ly + 2, x1 - x0, 16, "rx=\"3\" fill=\"" + colour + "\" fill-opacity=\"0.18\" stroke=\"" + colour + "\" stroke-width=\"1.5\""));
        paneShapes.add(text(textX, ly + 14, label, "font-weight=\"bold\" fill=\"" + colour + "\" " + HALO));
      }
      for (Routed r : m.routed()) {
        double x = scale.x(r.eventTime().getMillis());
        String label = r.label();
        int lane = lanes.place(x - 6, x + 10 + label.length() * CHAR_WIDTH);
        int ly = y + lane * ROW;
        paneShapes.add(String.format(Locale.ROOT,
            "<path d=\"M%.1f %d l8 8 M%.1f %d l-8 8\" stroke=\"#c62828\" stroke-width=\"2\"/>", x - 4, ly + 6, x + 4, ly + 6));
        paneShapes.add(text(x + 9, ly + 14, label, "fill=\"#c62828\" " + HALO));
      }
      for (int lane = 0; lane < lanes.count(); lane++) {
        behind(shading, watermarkPath, scale, watermark, y + lane * ROW);
      }
      rows.addAll(paneShapes);
      y += lanes.count() * ROW;
    }
    int rowsBottom = y;

    // Window boundaries as faint lines through the rows.
    for (long b : boundaries) {
      double x = scale.x(b);
      body.add(String.format(Locale.ROOT,
          "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#b8c4d2\" stroke-dasharray=\"3,3\"/>", x, axisY, x, rowsBottom));
    }
    body.addAll(0, shading);
    body.add(axis(scale, axisY));
    body.addAll(windowShapes);
    body.add(staircase(watermarkPath));
    body.addAll(rows);

    int legendY = rowsBottom + 22;
    body.add(legend(legendY));
    int height = legendY + 54;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\" role=\"img\">%n",
        WIDTH, height, WIDTH, height));
    svg.append("<title>").append(escape(title)).append("</title>\n");
    svg.append(rect(0, 0, WIDTH, height, "fill=\"#ffffff\"")).append('\n');
    svg.append(text(10, 22, title, "font-size=\"15\" font-weight=\"bold\" fill=\"#111\"")).append('\n');
    svg.append(text(10, 40, subtitle, "font-family=\"Menlo, Consolas, monospace\" font-size=\"10.5\" fill=\"#444\"")).append('\n');
    svg.append(text(10, 56, caption, "font-size=\"10\" fill=\"#777\"")).append('\n');
    for (String line : body) {
      svg.append(line).append('\n');
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  /** Shades the event time behind the watermark on one row and extends the watermark's line. */
  private static void behind(List<String> shading, List<double[]> path, Scale scale, Instant watermark, int y) {
    if (watermark.equals(BoundedWindow.TIMESTAMP_MIN_VALUE)) {
      return;
    }
    double x = watermark.equals(BoundedWindow.TIMESTAMP_MAX_VALUE) ? PLOT_RIGHT : scale.x(watermark.getMillis());
    shading.add(rect(PLOT_LEFT, y, x - PLOT_LEFT, ROW, "fill=\"#f0f0f0\""));
    path.add(new double[] {x, y});
    path.add(new double[] {x, y + ROW});
  }

  private static String staircase(List<double[]> path) {
    if (path.isEmpty()) {
      return "";
    }
    StringBuilder d = new StringBuilder();
    for (double[] p : path) {
      d.append(d.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", p[0], p[1]));
    }
    return "<path d=\"" + d + "\" fill=\"none\" stroke=\"#c62828\" stroke-width=\"2\"/>";
  }

  private static String axis(Scale scale, int y) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", PLOT_LEFT, y, PLOT_RIGHT, y));
    for (long t = scale.start + scale.from; t <= scale.start + scale.to; t += scale.tick) {
      double x = scale.x(t);
      s.append(String.format(Locale.ROOT, "%n<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>", x, y - 4, x, y));
      s.append('\n').append(text(x - 8, y - 7, scale.offset(t), "font-size=\"10\" fill=\"#333\""));
    }
    s.append('\n').append(text(10, y - 7, "event time (from the start) →", "font-size=\"10\" fill=\"#333\""));
    return s.toString();
  }

  private static String legend(int y) {
    List<String> s = new ArrayList<>();
    s.add(String.format(Locale.ROOT, "<circle cx=\"16\" cy=\"%d\" r=\"4.5\" fill=\"#222\" stroke=\"#222\" stroke-width=\"1.5\"/>", y - 4));
    s.add(text(26, y, "element at its event time, one line per arrival", ""));
    s.add(String.format(Locale.ROOT, "<circle cx=\"296\" cy=\"%d\" r=\"4.5\" fill=\"#ffffff\" stroke=\"#222\" stroke-width=\"1.5\"/>", y - 4));
    s.add(text(306, y, "arrived behind the watermark", ""));
    s.add(String.format(Locale.ROOT, "<line x1=\"480\" y1=\"%d\" x2=\"500\" y2=\"%d\" stroke=\"#c62828\" stroke-width=\"2\"/>", y - 4, y - 4));
    s.add(rect(506, y - 10, 14, 12, "fill=\"#f0f0f0\""));
    s.add(text(526, y, "watermark, and the event time it has passed", ""));
    String[] timings = {"EARLY", "ON_TIME", "LATE"};
    for (int i = 0; i < 3; i++) {
      int x = 10 + i * 125;
      s.add(rect(x, y + 10, 24, 14, "rx=\"3\" fill=\"" + COLOURS[i] + "\" fill-opacity=\"0.18\" stroke=\"" + COLOURS[i] + "\" stroke-width=\"1.5\""));
      s.add(text(x + 30, y + 21, timings[i] + " pane", "fill=\"" + COLOURS[i] + "\" font-weight=\"bold\""));
    }
    s.add(String.format(Locale.ROOT, "<path d=\"M386 %d l8 8 M394 %d l-8 8\" stroke=\"#c62828\" stroke-width=\"2\"/>", y + 13, y + 13));
    s.add(text(402, y + 21, "record routed aside (late output)", ""));
    s.add(text(10, y + 42, "Each pane sits under the moment of the timeline that fired it, across its window, with its value.", "fill=\"#555\""));
    return String.join("\n", s);
  }

  private static String colour(String timing) {
    return switch (timing) {
      case "EARLY" -> COLOURS[0];
      case "ON_TIME" -> COLOURS[1];
      case "LATE" -> COLOURS[2];
      default -> "#777777";
    };
  }

  private static String rect(double x, double y, double w, double h, String attributes) {
    return String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" %s/>", x, y, Math.max(w, 0), h, attributes);
  }

  private static String text(double x, double y, String text, String attributes) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\"%s>%s</text>", x, y,
        attributes.isEmpty() ? "" : " " + attributes, escape(text));
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** Milliseconds as seconds without trailing zeros: {@code 2 s}, {@code 0.1 s}, {@code 3.999 s}. */
  public static String seconds(long millis) {
    return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + " s";
  }

  /** Rows of non-overlapping intervals, first fit. */
  private static final class Lanes {
    private final List<List<double[]>> lanes = new ArrayList<>();

    int place(double from, double to) {
      for (int i = 0; i < lanes.size(); i++) {
        if (lanes.get(i).stream().noneMatch(r -> from < r[1] + 4 && r[0] < to + 4)) {
          lanes.get(i).add(new double[] {from, to});
          return i;
        }
      }
      lanes.add(new ArrayList<>(List.of(new double[] {from, to})));
      return lanes.size() - 1;
    }

    int count() {
      return lanes.size();
    }
  }

  /** Event time to x, over the span of the elements, windows and watermarks, in round ticks. */
  private record Scale(long start, long from, long to, long tick) {
    private static final long[] TICKS = {100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 300_000, 600_000, 3_600_000};

    static Scale of(Instant start, List<Moment> moments) {
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      List<Long> instants = new ArrayList<>();
      for (Moment m : moments) {
        m.elements().forEach(e -> instants.add(e.timestamp().getMillis()));
        if (m.kind() == Kind.WATERMARK) {
          instants.add(m.watermark().getMillis());
        }
        for (PaneRecord p : m.panes()) {
          if (!p.inGlobalWindow()) {
            instants.add(p.windowStart().getMillis());
            instants.add(p.windowEnd().getMillis());
          }
        }
        m.routed().forEach(r -> instants.add(r.eventTime().getMillis()));
      }
      instants.add(start.getMillis());
      for (long t : instants) {
        min = Math.min(min, t - start.getMillis());
        max = Math.max(max, t - start.getMillis());
      }
      long span = Math.max(max - min, 1);
      long tick = TICKS[TICKS.length - 1];
      for (long t : TICKS) {
        if (span / t <= 10) {
          tick = t;
          break;
        }
      }
      long from = Math.floorDiv(min, tick) * tick;
      long to = Math.max(from + tick, -Math.floorDiv(-max, tick) * tick);
      return new Scale(start.getMillis(), from, to, tick);
    }

    /** x of an absolute instant in milliseconds. */
    double x(long instant) {
      return PLOT_LEFT + (double) (instant - start - from) * (PLOT_RIGHT - PLOT_LEFT) / (to - from);
    }

    /** An absolute instant as seconds from the start. */
    String offset(long instant) {
      return seconds(instant - start);
    }
  }
}
