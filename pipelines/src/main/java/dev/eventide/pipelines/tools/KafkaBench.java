package dev.eventide.pipelines.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventide.transforms.io.FormatPanesAsJson;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.joda.time.Instant;

/**
 * The measuring half of {@code scripts/bench-kafka.sh}, as a downstream reader sees the output
 * topic ({@code read_committed}):
 *
 * <ul>
 *   <li>{@code drain <bootstrap> <topic> <idleSeconds> <eventStart> <eventEnd>}: reads until
 *       nothing new comes for the idle time (after a first record; it gives up after ten minutes
 *       without one). It prints {@code count=<n> first=<ms> last=<ms> steadyMs=<ms>
 *       steadyResults=<n>}: the wall-clock times at which the first and the last record became
 *       visible, and the steady part of the run, from the first result whose window ends past 20%
 *       of the input's event-time span ({@code eventStart} to {@code eventEnd}, ISO instants) to the
 *       first past 80%, with the results seen in it. Input spread evenly over event time makes 60%
 *       of it pass in {@code steadyMs}: start-up, warm-up and the last windows are left out.
 *   <li>{@code transactions <bootstrap> <topic>}: the committed records of a topic and its end
 *       offsets; each transaction adds one offset (its commit marker) per partition it wrote:
 *       {@code records=<n> endOffsets=<n>}.
 *   <li>{@code latency <bootstrap> <in> <out> <seconds> <ratePerSecond> readings|sales}: sends
 *       telemetry readings or sales lines (a thousand products, month "June") stamped with the
 *       current time to {@code in} for that long, reads the job's results from {@code out}, and
 *       prints how long after its window's end each result became visible: {@code results=<n>
 *       p50=<ms> p99=<ms> max=<ms> sent=<n>}.
 * </ul>
 */
public final class KafkaBench {

  private static final ObjectMapper JSON = new ObjectMapper();

  private KafkaBench() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    if (args.length == 6 && args[0].equals("drain")) {
      return drain(
          args[1], args[2], Duration.ofSeconds(Long.parseLong(args[3])), Instant.parse(args[4]), Instant.parse(args[5]), out, err);
    }
    if (args.length == 3 && args[0].equals("transactions")) {
      return transactions(args[1], args[2], out, err);
    }
    if (args.length == 7 && args[0].equals("latency") && List.of("readings", "sales").contains(args[6])) {
      return latency(args[1], args[2], args[3], Long.parseLong(args[4]), Long.parseLong(args[5]), args[6].equals("sales"), out, err);
    }
    err.println("Usage: KafkaBench drain <bootstrap> <topic> <idleSeconds> <eventStart> <eventEnd>");
    err.println("       KafkaBench transactions <bootstrap> <topic>");
    err.println("       KafkaBench latency <bootstrap> <in> <out> <seconds> <ratePerSecond> readings|sales");
    return 2;
  }

  private static int drain(
      String bootstrap, String topic, Duration idle, Instant eventStart, Instant eventEnd, PrintStream out, PrintStream err)
      throws Exception {
    long span = eventEnd.getMillis() - eventStart.getMillis();
    long from = eventStart.getMillis() + span / 5;
    long to = eventStart.getMillis() + span * 4 / 5;
    long steadyStart = 0;
    long steadyEnd = 0;
    long steadyResults = 0;
    long count = 0;
    long first = 0;
    long last = 0;
    try (KafkaConsumer<String, String> consumer = KafkaTool.committedReader(bootstrap, topic)) {
      if (consumer == null) {
        err.println("No topic " + topic);
        return 1;
      }
      long giveUpAt = System.currentTimeMillis() + 600_000;
      while (count == 0 ? System.currentTimeMillis() < giveUpAt : System.currentTimeMillis() - last < idle.toMillis()) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
          last = System.currentTimeMillis();
          if (count++ == 0) {
            first = last;
          }
          long windowEnd = windowEnd(record.value());
          if (steadyStart == 0 && windowEnd > from) {
            steadyStart = last;
          }
          if (steadyStart != 0 && steadyEnd == 0) {
            if (windowEnd > to) {
              steadyEnd = last;
            } else {
              steadyResults++;
            }
          }
        }
      }
    }
    out.printf(
        "count=%d first=%d last=%d steadyMs=%d steadyResults=%d%n", count, first, last, steadyEnd - steadyStart, steadyResults);
    return count == 0 || steadyEnd == 0 ? 1 : 0;
  }

  private static long windowEnd(String result) throws Exception {
    return Instant.parse(JSON.readTree(result).get("windowEnd").asText()).getMillis();
  }

  private static int transactions(String bootstrap, String topic, PrintStream out, PrintStream err) {
    long records = 0;
    long ends;
    try (KafkaConsumer<String, String> consumer = KafkaTool.committedReader(bootstrap, topic)) {
      if (consumer == null) {
        err.println("No topic " + topic);
        return 1;
      }
      ends = consumer.endOffsets(consumer.assignment()).values().stream().mapToLong(Long::longValue).sum();
      while (consumer.assignment().stream().anyMatch(p -> consumer.position(p) < consumer.endOffsets(List.of(p)).get(p))) {
        records += consumer.poll(Duration.ofMillis(200)).count();
      }
    }
    out.printf("records=%d endOffsets=%d%n", records, ends);
    return 0;
  }

  private static int latency(
      String bootstrap, String in, String outTopic, long seconds, long rate, boolean sales, PrintStream out, PrintStream err)
      throws Exception {
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    long stopSending = System.currentTimeMillis() + seconds * 1000;
    Thread reader =
        new Thread(
            () -> {
              try (KafkaConsumer<String, String> consumer = KafkaTool.committedReader(bootstrap, outTopic)) {
                // Results of windows that end while readings still come, plus time for the last to close.
                while (System.currentTimeMillis() < stopSending + 15_000) {
                  for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(20))) {
                    long seen = System.currentTimeMillis();
                    long windowEnd = windowEnd(record.value());
                    if (windowEnd <= stopSending) {
                      latencies.add(seen - windowEnd);
                    }
                  }
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    reader.start();
    long sent = 0;
    try (KafkaProducer<String, String> producer = KafkaTool.lineProducer(bootstrap)) {
      long started = System.nanoTime();
      // Readings keep coming after the measured span, so that its last windows close.
      while (System.currentTimeMillis() < stopSending + 5_000) {
        String now = FormatPanesAsJson.isoInstant(Instant.now());
        String line = sales ? now + ",June,Category1,p" + (sent % 1000) + "," + (sent % 50) : now + ",sensor-" + (sent % 3) + "," + (sent % 50);
        // Stamped now: the sales job takes a record's timestamp as its event time.
        producer.send(new ProducerRecord<>(in, null, System.currentTimeMillis(), null, line));
        sent++;
        ReplaySales.pace(started, sent, rate);
      }
    }
    reader.join();
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      err.println("No results came from " + outTopic);
      return 1;
    }
    out.printf(
        "results=%d p50=%d p99=%d max=%d sent=%d%n",
        sorted.size(), sorted.get(sorted.size() / 2), sorted.get(sorted.size() * 99 / 100), sorted.get(sorted.size() - 1), sent);
    return 0;
  }
}
