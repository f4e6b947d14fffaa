package dev.eventide.pipelines.tools;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka commands of {@code scripts/kafka.sh}: create a topic, produce standard input's lines
 * as records, and consume what a downstream reader sees ({@code read_committed}) from the
 * beginning.
 *
 * <pre>
 * topic create &lt;name&gt; [--partitions N]
 * produce &lt;topic&gt;                     one record per line, the line as its value
 * consume &lt;topic&gt; [--timeout S]       each committed value on a line; ends after S s with no new record
 * </pre>
 *
 * Every command takes {@code --bootstrap=<host:port>} (default {@code 127.0.0.1:9092}).
 */
public final class KafkaTool {

  private KafkaTool() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    List<String> words = new ArrayList<>();
    String bootstrap = "127.0.0.1:9092";
    int partitions = 1;
    long timeoutSeconds = 10;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (name.startsWith("--")) {
        String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : (i + 1 < args.length ? args[++i] : null);
        if (value == null) {
          err.println(name + " needs a value");
          return 2;
        }
        switch (name) {
          case "--bootstrap" -> bootstrap = value;
          case "--partitions" -> partitions = Integer.parseInt(value);
          case "--timeout" -> timeoutSeconds = Long.parseLong(value);
          default -> {
            err.println("Unknown option " + name);
            return 2;
          }
        }
      } else {
        words.add(arg);
      }
    }
    if (words.size() == 3 && words.get(0).equals("topic") && words.get(1).equals("create")) {
      return createTopic(bootstrap, words.get(2), partitions, out, err);
    }
    if (words.size() == 2 && words.get(0).equals("produce")) {
      return produce(bootstrap, words.get(1), err);
    }
    if (words.size() == 2 && words.get(0).equals("consume")) {
      return consume(bootstrap, words.get(1), Duration.ofSeconds(timeoutSeconds), out, err);
    }
    err.println("usage: topic create <name> [--partitions N] | produce <topic> | consume <topic> [--timeout S]  [--bootstrap=host:port]");
    return 2;
  }

  private static int createTopic(String bootstrap, String topic, int partitions, PrintStream out, PrintStream err) throws InterruptedException {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
      out.println("Created topic " + topic + " with " + partitions + " partition(s)");
      return 0;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        err.println("Topic " + topic + " already exists");
        return 1;
      }
      err.println("Could not create topic " + topic + ": " + e.getCause().getMessage());
      return 1;
    }
  }

  private static int produce(String bootstrap, String topic, PrintStream err) throws Exception {
    long count = 0;
    try (KafkaProducer<String, String> producer = lineProducer(bootstrap);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        producer.send(new ProducerRecord<>(topic, line));
        count++;
      }
      producer.flush();
    }
    err.println("Produced " + count + " record(s) to " + topic);
    return 0;
  }

  /**
   * A producer of text lines for the command-line tools: every record acknowledged by the broker,
   * none written twice on an ordinary retry (a broker restart can still duplicate one: {@link
   * TransactionalLines} is for replays that must be exact), and a topic that does not exist fails
   * in seconds, not after the default minute.
   */
  static KafkaProducer<String, String> lineProducer(String bootstrap) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  private static int consume(String bootstrap, String topic, Duration idle, PrintStream out, PrintStream err) {
    long count = 0;
    try (KafkaConsumer<String, String> consumer = committedReader(bootstrap, topic)) {
      if (consumer == null) {
        err.println("No topic " + topic);
        return 1;
      }
      long lastRecord = System.nanoTime();
      while (System.nanoTime() - lastRecord < idle.toNanos()) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<String, String> record : records) {
          out.println(record.value());
          count++;
          lastRecord = System.nanoTime();
        }
      }
    }
    out.flush();
    err.println("Consumed " + count + " record(s) from " + topic + "; none new for " + idle.toSeconds() + " s");
    return 0;
  }

  /**
   * A consumer of every partition of {@code topic} from the beginning that sees what a downstream
   * reader sees (records of committed transactions only); null if there is no such topic.
   */
  static KafkaConsumer<String, String> committedReader(String bootstrap, String topic) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    if (partitions.isEmpty()) {
      consumer.close();
      return null;
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }
}
