package dev.eventide.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * scripts/bench.sh: runs every variant of the benchmark back to back, each run in a JVM of its own
 * (or on the script cluster), and prints a table of events per second (median, min, max), the ratio
 * to native Flink, peak resident memory and the options used; writes the table as CSV and a chart
 * as SVG. Every run's checksum must equal the plain loop's for the same workload, or the table says
 * so: no variant wins by doing less.
 */
public final class Bench {

  /** How a row runs. */
  enum Variant {
    LOOP("plain Java loop, 1 thread"),
    NATIVE("native Flink DataStream, embedded"),
    BEAM_FLINK("Beam on FlinkRunner [local]"),
    BEAM_CLUSTER("Beam on FlinkRunner, script cluster"),
    BEAM_DIRECT("Beam on DirectRunner");

    final String label;

    Variant(String label) {
      this.label = label;
    }
  }

  /** One row of the table: a variant on a workload, with its options, run {@code runs} times. */
  record Row(String group, Variant variant, Map<String, String> workload, List<String> extra, int runs) {
    String workloadKey() {
      Map<String, String> w = new LinkedHashMap<>(workload);
      w.keySet().retainAll(Set.of("events", "keys", "window", "maxDisorderMillis"));
      return w.toString();
    }

    boolean streaming() {
      return !"false".equals(workload.get("streaming"));
    }

    String name() {
      return variant == Variant.LOOP ? variant.label : variant.label + (streaming() ? ", streaming" : ", batch");
    }

    String options() {
      List<String> all = new ArrayList<>();
      workload.forEach((k, v) -> all.add("--" + k + "=" + v));
      all.addAll(extra);
      return String.join(" ", all);
    }
  }

  /** One run's outcome. */
  record Run(double seconds, long results, long checksum, long peakRssKb, String error) {}

  private final Path root;
  private final Map<String, String> options;
  private final Path out;

  Bench(Path root, Map<String, String> options) {
    this.root = root;
    this.options = options;
    this.out = root.resolve(options.getOrDefault("out", "work/bench"));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      if (arg.equals("--help")) {
        System.out.println(HELP);
        return;
      }
      if (!arg.startsWith("--") || !arg.contains("=")) {
        System.err.println("bench: expected --name=value, not '" + arg + "'\n" + HELP);
        System.exit(2);
      }
      options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    Path root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
    System.exit(new Bench(root, options).run());
  }

  /**
   * How many times Beam's sales native Flink reads by default. It reads them several times faster:
   * on the same number its run would be mostly deployment and warm-up, which flatters the ratio.
   * With five times as many, fixed costs stay a few per cent of every run; the loop checks each
   * size alike.
   */
  static final int NATIVE_SALES_FACTOR = 5;

  static final String HELP =
      """
      scripts/bench.sh [--events=3000000] [--nativeEvents=<5 x events>] [--keys=1000] [--runs=3] [--parallelism=2]
                       [--variants=loop,native,beam-flink,beam-cluster,beam-direct] [--batch=true]
                       [--scaling=true] [--scalingEvents=300000] [--directEvents=50000]
                       [--heap=3g] [--out=work/bench]
        --events     sales per run; native Flink reads --nativeEvents (five times as many by
                     default, and five times --scalingEvents in the scaling rows), so that its
                     fixed costs, too, stay a few per cent of a run
        --variants   which implementations run (a comma-separated list)
        --batch      also the batch-mode rows (native BATCH mode, Beam --streaming=false)
        --scaling    also the scaling rows (1 run each, native and Beam on FlinkRunner):
                     keys 100,000 and 1,000,000; sliding windows with 5 and 10 windows per event;
                     RocksDB; parallelism 1
        --beamOptions extra options for every Beam run, e.g. --beamOptions=--objectReuse=true
      Prints the table; writes <out>/bench.csv and <out>/bench.svg.""";

  int run() throws Exception {
    Files.createDirectories(out);
    List<Row> rows = rows();
    Map<Row, List<Run>> runs = new LinkedHashMap<>();
    Map<String, Run> expected = new HashMap<>();
    String cluster = null;
    try {
      for (Row row : rows) {
        expected.computeIfAbsent(row.workloadKey(), k -> loopReference(row));
        if (row.variant() == Variant.BEAM_CLUSTER && cluster == null) {
          cluster = startCluster();
        }
        List<Run> results = new ArrayList<>();
        for (int i = 0; i < row.runs(); i++) {
          Run run = runOnce(row, cluster);
          results.add(run);
          System.err.printf(
              Locale.ROOT,
              "  %-48s run %d: %s%n",
              row.name() + " " + row.group(),
              i + 1,
              run.error() != null ? "FAILED " + run.error() : String.format(Locale.ROOT, "%.2f s", run.seconds()));
        }
        if (row.variant() == Variant.BEAM_CLUSTER) {
          long rss = clusterPeakRssKb();
          results.replaceAll(r -> new Run(r.seconds(), r.results(), r.checksum(), rss, r.error()));
        }
        runs.put(row, results);
      }
    } finally {
      if (cluster != null) {
        script("scripts/flink-cluster.sh", "stop", "--workdir=" + cluster);
      }
    }
    Report report = new Report(runs, expected);
    System.out.println(report.table());
    Files.writeString(out.resolve("bench.csv"), report.csv(), StandardCharsets.UTF_8);
    Files.writeString(out.resolve("bench.svg"), report.svg(command()), StandardCharsets.UTF_8);
    System.out.println("Wrote " + out.resolve("bench.csv") + " and " + out.resolve("bench.svg"));
    return report.allAgree() ? 0 : 1;
  }

  /** The command that ran this benchmark, as a user would type it. */
  private String command() {
    StringBuilder c = new StringBuilder("scripts/bench.sh");
    options.forEach((k, v) -> {
      if (!k.equals("root")) {
        c.append(" --").append(k).append('=').append(v);
      }
    });
    return c.toString();
  }

  /** The rows the options ask for, in the order they run. */
  List<Row> rows() {
    long events = Long.parseLong(options.getOrDefault("events", "3000000"));
    long nativeEvents = Long.parseLong(options.getOrDefault("nativeEvents", Long.toString(events * NATIVE_SALES_FACTOR)));
    String keys = options.getOrDefault("keys", "1000");
    int runs = Integer.parseInt(options.getOrDefault("runs", "3"));
    String parallelism = options.getOrDefault("parallelism", "2");
    Set<String> variants = Set.of(options.getOrDefault("variants", "loop,native,beam-flink,beam-cluster,beam-direct").split(","));
    boolean batch = Boolean.parseBoolean(options.getOrDefault("batch", "true"));
    List<Row> rows = new ArrayList<>();
    Map<String, String> base = workload(events, keys, "fixed:10s", parallelism, "hashmap", "true");
    if (variants.contains("loop")) {
      rows.add(new Row("", Variant.LOOP, base, List.of(), runs));
    }
    for (String streaming : batch ? List.of("true", "false") : List.of("true")) {
      Map<String, String> w = with(base, "streaming", streaming);
      if (variants.contains("native")) {
        rows.add(new Row("", Variant.NATIVE, with(w, "events", Long.toString(nativeEvents)), List.of(), runs));
      }
      if (variants.contains("beam-flink")) {
        rows.add(new Row("", Variant.BEAM_FLINK, w, List.of(), runs));
      }
      if (variants.contains("beam-cluster")) {
        rows.add(new Row("", Variant.BEAM_CLUSTER, w, List.of(), runs));
      }
    }
    if (variants.contains("beam-direct")) {
      long direct = Long.parseLong(options.getOrDefault("directEvents", "50000"));
      rows.add(new Row("", Variant.BEAM_DIRECT, with(with(base, "events", Long.toString(direct)), "streaming", "false"), List.of(), runs));
    }
    if (Boolean.parseBoolean(options.getOrDefault("scaling", "true"))) {
      long scaling = Long.parseLong(options.getOrDefault("scalingEvents", "300000"));
      Map<String, String> s = with(base, "events", Long.toString(scaling));
      List<Map.Entry<String, Map<String, String>>> cases =
          List.of(
              Map.entry("keys=1,000 (reference)", s),
              Map.entry("keys=100,000", with(s, "keys", "100000")),
              Map.entry("keys=1,000,000", with(s, "keys", "1000000")),
              Map.entry("sliding, 5 windows/event", with(s, "window", "sliding:10s,2s")),
              Map.entry("sliding, 10 windows/event", with(s, "window", "sliding:10s,1s")),
              Map.entry("RocksDB state", with(s, "stateBackend", "rocksdb")),
              Map.entry("parallelism 1", with(s, "parallelism", "1")));
      for (Map.Entry<String, Map<String, String>> c : cases) {
        for (Variant v : List.of(Variant.NATIVE, Variant.BEAM_FLINK)) {
          if (variants.contains(v == Variant.NATIVE ? "native" : "beam-flink")) {
            Map<String, String> w = v == Variant.NATIVE ? with(c.getValue(), "events", Long.toString(scaling * NATIVE_SALES_FACTOR)) : c.getValue();
            rows.add(new Row("[" + c.getKey() + "]", v, w, List.of(), 1));
          }
        }
      }
    }
    return rows;
  }

  private static Map<String, String> workload(
      long events, String keys, String window, String parallelism, String stateBackend, String streaming) {
    Map<String, String> w = new LinkedHashMap<>();
    w.put("events", Long.toString(events));
    w.put("keys", keys);
    w.put("window", window);
    w.put("parallelism", parallelism);
    w.put("stateBackend", stateBackend);
    w.put("streaming", streaming);
    return w;
  }

  private static Map<String, String> with(Map<String, String> w, String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(w);
    copy.put(key, value);
    return copy;
  }

  /** The plain loop's results for a workload, in this JVM: what every variant must print. */
  private static Run loopReference(Row row) {
    String line = JavaLoopBench.run(BenchArgs.parse(args(row.workload())));
    Map<String, String> r = parseResult(line);
    return new Run(0, Long.parseLong(r.get("results")), Long.parseLong(r.get("checksum")), 0, null);
  }

  private static String[] args(Map<String, String> workload) {
    return workload.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
  }

  private Run runOnce(Row row, String cluster) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    String heap = "-Xmx" + options.getOrDefault("heap", "3g");
    List<String> jvm = new ArrayList<>(List.of(heap));
    jvm.addAll(Arrays.asList(Files.readString(root.resolve(".mvn/jvm.config")).trim().split("\\s+")));
    List<String> beamExtra = new ArrayList<>();
    String given = options.getOrDefault("beamOptions", "");
    if (!given.isBlank()) {
      beamExtra.addAll(Arrays.asList(given.strip().split("\\s+")));
    }
    // Eventide's defaults for the FlinkRunner, as scripts/submit.sh adds them, unless --beamOptions
    // says otherwise.
    for (String option : List.of("objectReuse", "fasterCopy")) {
      if (row.variant() != Variant.BEAM_DIRECT && !given.contains("--" + option + "=")) {
        beamExtra.add("--" + option + "=true");
      }
    }
    switch (row.variant()) {
      case LOOP, NATIVE -> {
        command.addAll(List.of("/usr/bin/time", "-v", "java"));
        command.addAll(jvm);
        command.addAll(List.of("-cp", benchClasspath(), row.variant() == Variant.LOOP ? JavaLoopBench.class.getName() : NativeFlinkBench.class.getName()));
        command.addAll(Arrays.asList(args(row.workload())));
      }
      case BEAM_FLINK, BEAM_DIRECT -> {
        command.addAll(List.of("/usr/bin/time", "-v", "java"));
        command.addAll(jvm);
        command.addAll(List.of("-cp", pipelinesClasspath(), "dev.eventide.pipelines.Launcher", "benchmark"));
        command.addAll(beamArgs(row));
        command.add(row.variant() == Variant.BEAM_FLINK ? "--runner=FlinkRunner" : "--runner=DirectRunner");
        if (row.variant() == Variant.BEAM_FLINK) {
          command.add("--flinkMaster=[local]");
        }
        command.addAll(beamExtra);
      }
      case BEAM_CLUSTER -> {
        command.addAll(List.of(root.resolve("scripts/submit.sh").toString(), "--attached", "--workdir=" + cluster, "benchmark"));
        command.addAll(beamArgs(row));
        // submit.sh's defaults are for steady streams (one-element bundles, checkpoints every 10 s);
        // the benchmark runs the FlinkRunner's own defaults, as the embedded rows do.
        command.addAll(List.of("--maxBundleSize=" + (row.streaming() ? 1000 : 1000000), "--checkpointingInterval=-1"));
        command.addAll(beamExtra);
      }
      default -> throw new IllegalStateException();
    }
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
      Files.writeString(out.resolve("failed-run.log"), output);
      return new Run(0, 0, 0, 0, "exit " + process.exitValue() + " (see " + out.resolve("failed-run.log") + ")");
    }
    long rss = match(output, "Maximum resident set size \\(kbytes\\): (\\d+)").map(Long::parseLong).orElse(0L);
    if (row.variant() == Variant.LOOP || row.variant() == Variant.NATIVE) {
      Map<String, String> r = parseResult(output.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElse("RESULT"));
      return new Run(Double.parseDouble(r.getOrDefault("seconds", "0")), Long.parseLong(r.getOrDefault("results", "0")), Long.parseLong(r.getOrDefault("checksum", "0")), rss, null);
    }
    // Flink's net run time (without starting the embedded cluster or staging the jar), as for the
    // native rows; the DirectRunner has none, so the launcher's time from run() to the end.
    double seconds =
        match(output, "Execution finished in (\\d+) msecs").map(ms -> Long.parseLong(ms) / 1000.0)
            .orElseGet(() -> match(output, "finished: DONE in ([0-9.]+) s").map(Double::parseDouble).orElse(0.0));
    long results = match(output, "bench\\.results=(\\d+)").map(Long::parseLong).orElse(-1L);
    long checksum = match(output, "bench\\.checksum=(\\d+)").map(Long::parseLong).orElse(-1L);
    return new Run(seconds, results, checksum, rss, null);
  }

  private List<String> beamArgs(Row row) {
    List<String> args = new ArrayList<>();
    row.workload().forEach((k, v) -> {
      switch (k) {
        case "stateBackend" -> {
          if (v.equals("rocksdb")) {
            args.add("--stateBackend=rocksdb");
            args.add("--stateBackendStoragePath=file://" + out.resolve("rocksdb-checkpoints"));
          }
        }
        case "parallelism" -> {
          if (row.variant() != Variant.BEAM_DIRECT) {
            args.add("--parallelism=" + v);
          }
        }
        default -> args.add("--" + k + "=" + v);
      }
    });
    return args;
  }

  private static java.util.Optional<String> match(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    return java.util.Optional.ofNullable(last);
  }

  static Map<String, String> parseResult(String line) {
    Map<String, String> values = new HashMap<>();
    for (String part : line.split("\\s+")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        values.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return values;
  }

  private String benchClasspath() throws IOException {
    return root.resolve("scripts/bench/target/classes") + ":" + Files.readString(root.resolve("scripts/bench/target/runtime-classpath.txt")).trim();
  }

  private String pipelinesClasspath() throws IOException {
    return root.resolve("pipelines/target/classes") + ":" + Files.readString(root.resolve("pipelines/target/runtime-classpath.txt")).trim();
  }

  /** A fresh script cluster (1 TaskManager, 2 slots) in a work folder of its own. */
  private String startCluster() throws IOException, InterruptedException {
    Path workdir = out.resolve("cluster");
    script("scripts/flink-cluster.sh", "stop", "--workdir=" + workdir);
    int port = freePort();
    script("scripts/flink-cluster.sh", "start", "--workdir=" + workdir, "--taskmanagers=1", "--slots=2", "--port=" + port);
    return workdir.toString();
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** The largest peak RSS of the cluster's processes (the TaskManager that ran the job). */
  private long clusterPeakRssKb() throws IOException {
    long peak = 0;
    Path pids = out.resolve("cluster/pid");
    try (var files = Files.list(pids)) {
      for (Path pid : files.toList()) {
        Path status = Path.of("/proc", Files.readString(pid).trim(), "status");
        if (Files.exists(status) && pid.getFileName().toString().startsWith("taskmanager")) {
          peak = Math.max(peak, match(Files.readString(status), "VmHWM:\\s+(\\d+) kB").map(Long::parseLong).orElse(0L));
        }
      }
    }
    return peak;
  }

  private void script(String... command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>(Arrays.asList(command));
    full.set(0, root.resolve(command[0]).toString());
    Process p = new ProcessBuilder(full).directory(root.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0 && !command[1].equals("stop")) {
      throw new IOException(String.join(" ", command) + " failed:\n" + output);
    }
  }
}
