package dev.eventide.pipelines.tools;

import dev.eventide.pipelines.sales.SalesGeneratorOptions;
import dev.eventide.transforms.bench.SyntheticSales;
import dev.eventide.transforms.io.SaleGenerator;
import dev.eventide.transforms.parse.InvalidRecordException;
import dev.eventide.transforms.parse.SaleParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;
import dev.eventide.transforms.windowing.Durations;
import java.time.Duration;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The summary's "sale data server" for Kafka: sends sales lines, from a file or the generator, to
 * a topic at a given rate, each record stamped with the sale's event time (its create time), so a
 * job can read event time from the record. A malformed line is sent too, stamped like the line
 * before it: the job dead-letters it. The lines go in short transactions, so a job (which reads
 * {@code read_committed}) sees each exactly once, even if the broker restarts during the replay.
 *
 * <pre>scripts/replay-sales.sh --topic=sales-in [--file=work/sales.csv] [--ratePerSecond=500]</pre>
 */
public final class ReplaySales {

  /** Options: the generator's (without --file), the topic, the broker and the pace. */
  public interface Options extends SalesGeneratorOptions {
    @Description("The topic to send to.")
    @Validation.Required
    String getTopic();

    void setTopic(String value);

    @Description("The Kafka bootstrap servers.")
    @Default.String("127.0.0.1:9092")
    String getBootstrapServers();

    void setBootstrapServers(String value);

    @Description("A file of sales lines to send, in its order. Absent: the generator's lines.")
    String getFile();

    void setFile(String value);

    @Description("Records per second of wall-clock time; 0 sends as fast as the broker takes them.")
    @Default.Long(1000)
    long getRatePerSecond();

    void setRatePerSecond(long value);

    @Description(
        "Send every record to this partition (the others get none: a way to see idle partitions)."
            + " -1: the producer spreads them.")
    @Default.Integer(-1)
    int getPartition();

    void setPartition(int value);

    @Description(
        "Synthetic sales of this many products instead of the generator's: a sale every millisecond"
            + " of event time, at most 500 ms out of order (the Kafka benchmark's many-keys workload)."
            + " 0: the generator's sales.")
    @Default.Integer(0)
    int getProducts();

    void setProducts(int value);

    @Description(
        "How long the replay waits for a broker that does not answer (it pauses meanwhile) before it"
            + " gives up with exit status 1; 30s, 2m, ...")
    @Default.String("2m")
    String getWriteTimeout();

    void setWriteTimeout(String value);
  }

  private ReplaySales() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out, System.err));
  }

  /** Sends the lines; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    ToolOptions.Parsed<Options> parsed =
        ToolOptions.parse(
            Options.class, "replay-sales", "Sends sales lines to a Kafka topic, stamped with their event times.", args, out, err);
    if (parsed.done()) {
      return parsed.status();
    }
    Options options = parsed.options();
    SaleParser parser = new SaleParser();
    long sent = 0;
    long malformed = 0;
    long started = 0;
    Long lastTime = null; // the previous line's event time, for a malformed line
    long firstTime = Long.MAX_VALUE;
    long latestTime = Long.MIN_VALUE;
    Duration writeTimeout = Duration.ofMillis(Durations.parse(options.getWriteTimeout()).getMillis());
    try (TransactionalLines producer = new TransactionalLines(options.getBootstrapServers(), writeTimeout, err);
        Stream<String> lines = lines(options)) {
      // The pace starts once the producer is ready: the broker's first transactional producer
      // waits for its transaction log to be made, and the lines due meanwhile would go at once.
      started = System.nanoTime();
      Integer partition = options.getPartition() < 0 ? null : options.getPartition();
      for (String line : (Iterable<String>) lines::iterator) {
        try {
          lastTime = parser.eventTime(parser.parse(line)).getMillis();
          firstTime = Math.min(firstTime, lastTime);
          latestTime = Math.max(latestTime, lastTime);
        } catch (InvalidRecordException e) {
          malformed++;
        }
        producer.send(new ProducerRecord<>(options.getTopic(), partition, lastTime, null, line));
        sent++;
        pace(started, sent, options.getRatePerSecond());
      }
      producer.flush();
    } catch (TimeoutException gaveUp) {
      err.println("Gave up: " + gaveUp.getMessage() + "; " + sent + " line(s) were sent, the last transaction's may not be committed");
      return 1;
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    out.printf("Sent %d sales lines (%d malformed) to %s in %.1f s", sent, malformed, options.getTopic(), seconds);
    out.println(sent > malformed ? ", event times " + Instant.ofEpochMilli(firstTime) + " to " + Instant.ofEpochMilli(latestTime) + "." : ".");
    return 0;
  }

  /** Sleeps until {@code sent} records, from {@code started} (nanoTime), are due at {@code rate} per second. */
  static void pace(long started, long sent, long rate) throws InterruptedException {
    if (rate <= 0) {
      return;
    }
    long dueNanos = started + sent * 1_000_000_000L / rate;
    long wait = dueNanos - System.nanoTime();
    if (wait > 1_000_000) {
      Thread.sleep(wait / 1_000_000);
    }
  }

  /** The lines to send, in order, from the file or the generator. */
  private static Stream<String> lines(Options options) throws IOException {
    if (options.getFile() != null) {
      return Files.lines(Path.of(options.getFile()), StandardCharsets.UTF_8);
    }
    if (options.getProducts() > 0) {
      SyntheticSales sales = new SyntheticSales(options.getGeneratorRecords(), options.getProducts(), 1, 500);
      return LongStream.range(0, options.getGeneratorRecords()).mapToObj(i -> SaleGenerator.format(sales.sale(i)));
    }
    SaleGenerator generator = SalesGeneratorOptions.generator(options);
    return LongStream.range(0, options.getGeneratorRecords()).mapToObj(generator::line);
  }
}
