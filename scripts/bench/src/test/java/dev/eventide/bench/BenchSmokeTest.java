package dev.eventide.bench;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark on a tiny workload, so that its code cannot rot: every variant but the script
 * cluster (the suite's cluster tests cover submission) runs in a JVM of its own, all must print the
 * plain loop's checksum, and the CSV and chart are written. No figure is checked: a benchmark
 * prints figures, a test does not time.
 */
class BenchSmokeTest {

  @Test
  void everyVariantAgreesOnATinyWorkload(@TempDir Path out) throws Exception {
    Path root = Path.of("../..").toAbsolutePath().normalize();
    Bench bench =
        new Bench(
            root,
            Map.of(
                "events", "20000",
                "keys", "50",
                "runs", "1",
                "variants", "loop,native,beam-flink,beam-direct",
                "scaling", "false",
                "directEvents", "20000",
                "heap", "768m",
                "out", out.toString()));
    assertThat("every run printed the loop's results and checksum", bench.run(), equalTo(0));
    List<String> csv = Files.readAllLines(out.resolve("bench.csv"));
    // A header, the loop, native and Beam on Flink in streaming and batch mode, the DirectRunner.
    assertThat(csv, hasSize(1 + 1 + 4 + 1));
    assertThat(csv.get(1), containsString("plain Java loop"));
    String svg = Files.readString(out.resolve("bench.svg"));
    assertThat(svg, containsString("native Flink DataStream"));
    // A committed chart says when, where and how it was made.
    assertThat(svg, containsString("Measured " + java.time.LocalDate.now(java.time.ZoneOffset.UTC)));
    assertThat(svg, containsString("Command: scripts/bench.sh"));
    assertThat(svg, containsString("--events=20000"));
  }

  @Test
  void theLoopMatchesTheWorkloadsWindowsByHand() {
    // 20 sales 1 ms apart without disorder, one key, 10 ms windows: windows [0,10) and [10,20).
    String line = JavaLoopBench.run(BenchArgs.parse(new String[] {"--events=20", "--keys=1", "--maxDisorderMillis=0", "--window=fixed:10ms"}));
    Map<String, String> result = Bench.parseResult(line);
    assertThat(result.get("results"), equalTo("2"));
    assertThat(result.get("count"), equalTo("20"));
  }
}
