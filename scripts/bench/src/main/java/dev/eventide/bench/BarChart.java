package dev.eventide.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A benchmark's figures as an SVG chart of horizontal bars, in sections with a scale each, and a
 * footer that says when, on what machine and with which command they were measured, so that a
 * chart committed to the docs carries its own provenance.
 *
 * <p>As a program it draws bars read from standard input, one per line, tab-separated: section,
 * label, value, the text beside the bar, and a colour ({@code scripts/bench-kafka.sh} uses it):
 *
 * <pre>
 * java dev.eventide.bench.BarChart --title="..." --command="scripts/bench-kafka.sh" --out=chart.svg [--log=true]
 * </pre>
 */
final class BarChart {

  /** One bar. */
  record Bar(String label, double value, String text, String colour) {}

  private static final int WIDTH = 1000;
  private static final int LEFT = 430;
  private static final int BAR = 18;
  private static final int GAP = 6;

  private BarChart() {}

  /**
   * The chart: a title, sections of bars (each section's name over its own bars and scale), and
   * footer lines. On a log scale a bar's length is the log of its value.
   */
  static String svg(String title, Map<String, List<Bar>> sections, boolean logScale, List<String> footer) {
    List<String> body = new ArrayList<>();
    // The longest text beside a bar decides how long the longest bar may be.
    int longestText = sections.values().stream().flatMap(List::stream).mapToInt(b -> b.text().length()).max().orElse(0);
    int barRoom = Math.max(200, WIDTH - LEFT - 16 - (int) Math.ceil(longestText * 6.8));
    int y = 40;
    for (Map.Entry<String, List<Bar>> section : sections.entrySet()) {
      if (!section.getKey().isEmpty()) {
        y += 8;
        body.add(text(10, y + 4, section.getKey(), "font-weight=\"bold\""));
        y += 14;
      }
      double max = section.getValue().stream().mapToDouble(Bar::value).max().orElse(1) * 1.2;
      // A log scale starts half a decade under the section's smallest figure.
      double low = Math.floor(Math.log10(section.getValue().stream().mapToDouble(Bar::value).filter(v -> v > 0).min().orElse(1))) - 0.5;
      for (Bar bar : section.getValue()) {
        double fraction;
        if (bar.value() <= 0) {
          fraction = 0;
        } else if (logScale) {
          fraction = Math.max(0, (Math.log10(bar.value()) - low) / (Math.log10(max) - low));
        } else {
          fraction = bar.value() / max;
        }
        int w = Math.max((int) Math.round(fraction * barRoom), 1);
        body.add(text(LEFT - 8, y + 13, bar.label(), "text-anchor=\"end\""));
        body.add(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>", LEFT, y, w, BAR, bar.colour()));
        body.add(text(LEFT + w + 6, y + 13, bar.text(), ""));
        y += BAR + GAP;
      }
    }
    y += 10;
    for (String line : footer) {
      y += 15;
      body.add(text(10, y, line, "font-size=\"11\" fill=\"#555\""));
    }
    int height = y + 14;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">%n",
        WIDTH, height, WIDTH, height));
    s.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", WIDTH, height));
    s.append(text(10, 22, title, "font-size=\"15\"")).append('\n');
    body.forEach(line -> s.append(line).append('\n'));
    s.append("</svg>\n");
    return s.toString();
  }

  /** Where and when: the date, the machine's cores, CPU, memory and system, and Java. */
  static List<String> provenance(String command) {
    return List.of(
        "Measured " + LocalDate.now(ZoneOffset.UTC) + " on " + machine() + ", Java " + System.getProperty("java.version") + ".",
        "Command: " + command);
  }

  /** This machine in a few words, e.g. {@code 2 cores (Intel Xeon ...), 24 GiB, Linux}. */
  static String machine() {
    String cpu = "";
    long memoryKb = 0;
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip().replaceAll("\\s+", " "))
          .findFirst()
          .orElse("");
      memoryKb = Files.readAllLines(Path.of("/proc/meminfo")).stream()
          .filter(l -> l.startsWith("MemTotal:"))
          .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
          .findFirst()
          .orElse(0);
    } catch (IOException | RuntimeException e) {
      // Not Linux: the cores and the system still say something.
    }
    int cores = Runtime.getRuntime().availableProcessors();
    return cores + (cores == 1 ? " core" : " cores") + (cpu.isEmpty() ? "" : " (" + cpu + ")")
        + (memoryKb == 0 ? "" : String.format(Locale.ROOT, ", %d GiB", Math.round(memoryKb / 1024.0 / 1024.0)))
        + ", " + System.getProperty("os.name");
  }

  static String text(double x, double y, String text, String attributes) {
    return String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%.0f\"%s>%s</text>", x, y,
        attributes.isEmpty() ? "" : " " + attributes, escape(text));
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        System.err.println("BarChart: expected --title=, --command=, --out= and optionally --log=true, not '" + arg + "'");
        System.exit(2);
      }
      options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    Map<String, List<Bar>> sections = new LinkedHashMap<>();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] f = line.split("\t", -1);
      if (f.length != 5) {
        continue;
      }
      double value;
      try {
        value = Double.parseDouble(f[2]);
      } catch (NumberFormatException e) {
        continue; // a row without a figure ("-") has no bar
      }
      sections.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new Bar(f[1], value, f[3], f[4]));
    }
    String svg = svg(
        options.getOrDefault("title", ""),
        sections,
        Boolean.parseBoolean(options.getOrDefault("log", "false")),
        provenance(options.getOrDefault("command", "")));
    Files.writeString(Path.of(options.get("out")), svg, StandardCharsets.UTF_8);
  }
}
