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
 *   <li>{@code drain <bootstrap> <topic> <idleSeconds>}: reads until nothing new comes for the
 *       idle time (after a first record; it gives up after ten minutes without one), then prints {@code count=<n> first=<ms> last=<ms>}, the
 *       wall-clock times at which the first and the last record became visible.
 *   <li>{@code latency <bootstrap> <in> <out> <seconds> <ratePerSecond>}: sends telemetry readings
 *       stamped with the current time to {@code in} for that long, reads the job's results from
 *       {@code out}, and prints how long after its window's end each result became visible:
 *       {@code results=<n> p50=<ms> p90=<ms> max=<ms>}.
 * </ul>
 */
public final class KafkaBench {

  private static final ObjectMapper JSON = new ObjectMapper();

  private KafkaBench() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    if (args.length == 4 && args[0].equals("drain")) {
      return drain(args[1], args[2], Duration.ofSeconds(Long.parseLong(args[3])), out, err);
    }
    if (args.length == 6 && args[0].equals("latency")) {
      return latency(args[1], args[2], args[3], Long.parseLong(args[4]), Long.parseLong(args[5]), out, err);
    }
    err.println("Usage: KafkaBench drain <bootstrap> <topic> <idleSeconds>");
    err.println("       KafkaBench latency <bootstrap> <in> <out> <seconds> <ratePerSecond>");
    return 2;
  }

  private static int drain(String bootstrap, String topic, Duration idle, PrintStream out, PrintStream err) {
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
        }
      }
    }
    out.printf("count=%d first=%d last=%d%n", count, first, last);
    return count == 0 ? 1 : 0;
  }

  private static int latency(
      String bootstrap, String in, String outTopic, long seconds, long rate, PrintStream out, PrintStream err)
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
                    long windowEnd = Instant.parse(JSON.readTree(record.value()).get("windowEnd").asText()).getMillis();
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
    try (KafkaProducer<String, String> producer = KafkaTool.lineProducer(bootstrap)) {
      long sent = 0;
      long started = System.nanoTime();
      // Readings keep coming after the measured span, so that its last windows close.
      while (System.currentTimeMillis() < stopSending + 5_000) {
        String now = FormatPanesAsJson.isoInstant(Instant.now());
        producer.send(new ProducerRecord<>(in, now + ",sensor-" + (sent % 3) + "," + (sent % 50)));
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
        "results=%d p50=%d p90=%d max=%d%n",
        sorted.size(), sorted.get(sorted.size() / 2), sorted.get(sorted.size() * 9 / 10), sorted.get(sorted.size() - 1));
    return 0;
  }
}
