package dev.eventide.pipelines.aggregates;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventide.pipelines.JobRuns;
import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.junit.TestRunner;
import dev.eventide.transforms.io.LineGenerator;
import dev.eventide.transforms.io.SaleGenerator;
import dev.eventide.transforms.model.Sale;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.testing.TestPipeline;
import org.joda.time.Instant;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aggregates job over files, on the DirectRunner and the FlinkRunner in batch mode: a small
 * file in the summary's format (with ties for the minimum and maximum) worked out by hand, and
 * generated sales over two files checked against an independent calculation that keeps the first
 * line of equal profits, as Flink's minBy and maxBy do.
 */
class AggregatesRunTest {

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void theSummarysFormatByHand(TestPipeline pipeline, @TempDir Path dir) throws IOException {
    Path input =
        JobRuns.writeCrlf(
            dir.resolve("avg.txt"),
            "01-06-2018,June,Category5,Bat,12",
            "01-06-2108,June,Category4,Perfume,10",
            "13-07-2018,July,Category1,Television,50",
            "24-06-2018,June,Category4,Shirt,38",
            "18-06-2018,June,Category5,Bat,41",
            "02-06-2018,June,Category2,PC,10",
            "15-07-2018,July,Category3,Socks,50",
            "15-07-2018,July,Category3,Socks",
            "20-07-2018,July,Category1,Bat,-5",
            "03-06-2018,June,Category1,Phone,41");
    run(pipeline, dir, input.toString());
    // June: 12+10+38+41+10+41 = 152; the first 10 is line 2 (its year 2108 is a typo, but a
    // date), the first 41 line 5. July: 50+50-5 = 95; the first 50 is line 3.
    assertThat(
        JobRuns.results(dir, "aggregates"),
        containsInAnyOrder(
            line("June", 152, 10, 41, "01-06-2108,June,Category4,Perfume,10", "18-06-2018,June,Category5,Bat,41"),
            line("July", 95, -5, 50, "20-07-2018,July,Category1,Bat,-5", "13-07-2018,July,Category1,Television,50")));
    assertThat(
        JobRuns.deadLetters(dir, "aggregates"),
        containsInAnyOrder(
            JobRuns.deadLetter(
                "15-07-2018,July,Category3,Socks", "expected 5 fields (date,month,category,product,profit) but found 4")));
  }

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void generatedSalesInTwoFilesMatchAnIndependentCalculation(TestPipeline pipeline, @TempDir Path dir)
      throws IOException {
    SaleGenerator generator =
        SaleGenerator.orderly(21).withInterval(3_600_000).withDisorder(86_400_000).withMalformed(0.03);
    int records = 4000;
    int half = records / 2;
    // a.csv holds sales 0..1999, b.csv sales 2000..3999: input order is a's lines, then b's.
    JobRuns.writeLines(dir.resolve("in/a.csv"), generator, half);
    JobRuns.writeLines(dir.resolve("in/b.csv"), shifted(generator, half), records - half);
    run(pipeline, dir, dir.resolve("in/*.csv").toString());

    Map<String, long[]> byMonth = new LinkedHashMap<>();
    Map<String, String[]> lines = new LinkedHashMap<>();
    List<String> malformed = new ArrayList<>();
    for (long i = 0; i < records; i++) {
      Optional<Sale> sale = generator.sale(i);
      if (sale.isEmpty()) {
        malformed.add(generator.line(i));
        continue;
      }
      String month = sale.get().month();
      long profit = sale.get().profit();
      long[] a = byMonth.get(month);
      String[] minMaxLine = lines.get(month);
      if (a == null) {
        byMonth.put(month, new long[] {profit, profit, profit});
        lines.put(month, new String[] {generator.line(i), generator.line(i)});
        continue;
      }
      a[0] += profit;
      if (profit < a[1]) { // strictly smaller: of equal profits the first line stays
        a[1] = profit;
        minMaxLine[0] = generator.line(i);
      }
      if (profit > a[2]) {
        a[2] = profit;
        minMaxLine[1] = generator.line(i);
      }
    }
    List<String> expected = new ArrayList<>();
    byMonth.forEach((month, a) -> expected.add(line(month, a[0], a[1], a[2], lines.get(month)[0], lines.get(month)[1])));
    assertThat(JobRuns.results(dir, "aggregates"), containsInAnyOrder(expected.toArray()));
    assertThat(JobRuns.deadLetterInputs(dir, "aggregates"), containsInAnyOrder(malformed.toArray()));
  }

  private static void run(TestPipeline pipeline, Path dir, String input) {
    AggregatesOptions options = pipeline.getOptions().as(AggregatesOptions.class);
    options.setInput(input);
    options.setOutput(dir.resolve("out/aggregates").toString());
    new AggregatesJob().build(pipeline, options);
    pipeline.run().waitUntilFinish();
  }

  /** The generator's lines from {@code offset} on. */
  private static LineGenerator shifted(SaleGenerator generator, long offset) {
    return new LineGenerator() {
      @Override
      public String line(long i) {
        return generator.line(offset + i);
      }

      @Override
      public Instant watermarkAfter(long i) {
        return generator.watermarkAfter(offset + i);
      }
    };
  }

  static String line(String key, long sum, long min, long max, String minBy, String maxBy) {
    ObjectNode json = new ObjectMapper().createObjectNode();
    json.put("key", key).put("sum", sum).put("min", min).put("max", max).put("minBy", minBy).put("maxBy", maxBy);
    return json.toString();
  }
}
