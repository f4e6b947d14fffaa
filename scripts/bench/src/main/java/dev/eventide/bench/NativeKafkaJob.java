package dev.eventide.bench;

import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.time.Time;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * The native Flink row of {@code scripts/bench-kafka.sh}: the sales job's work as a DataStream job
 * on the same cluster, topics and data. {@code KafkaSource} ({@code read_committed}, event time
 * from the record timestamps with the same 1 s bounded delay and 10 s idleness) → sale lines
 * parsed → keyed 1 s (or {@code --windowMillis}) event-time windows, profit summed and sales counted
 * → one JSON line per key and window → {@code KafkaSink}, exactly once or at least once.
 *
 * <pre>
 * NativeKafkaJob --jobManager=127.0.0.1:8081 --bootstrap=127.0.0.1:9092 --input=in --output=out
 *     --guarantee=exactly_once|at_least_once --keyBy=month|product --windowMillis=1000
 *     --checkpointing=1000 --jobName=native --jars=a.jar,b.jar
 * </pre>
 *
 * It submits the job detached and prints its id. A line that is not a sale is dropped (the Beam
 * job's dead letters are not part of this measure).
 */
public final class NativeKafkaJob {

  private NativeKafkaJob() {}

  public static void main(String[] args) throws Exception {
    String jobManager = arg(args, "jobManager", "127.0.0.1:8081");
    String bootstrap = arg(args, "bootstrap", "127.0.0.1:9092");
    String input = arg(args, "input", null);
    String output = arg(args, "output", null);
    DeliveryGuarantee guarantee = DeliveryGuarantee.valueOf(arg(args, "guarantee", "exactly_once").toUpperCase(Locale.ROOT));
    boolean byProduct = arg(args, "keyBy", "month").equals("product");
    long windowMillis = Long.parseLong(arg(args, "windowMillis", "1000"));
    long checkpointing = Long.parseLong(arg(args, "checkpointing", "1000"));
    String jobName = arg(args, "jobName", "native-kafka");
    List<String> jars = new ArrayList<>(List.of(arg(args, "jars", "").split(",")));
    jars.removeIf(String::isBlank);
    for (String jar : jars) {
      if (!new File(jar).isFile()) {
        throw new IllegalArgumentException("no jar " + jar);
      }
    }

    String[] hostPort = jobManager.split(":");
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createRemoteEnvironment(hostPort[0], Integer.parseInt(hostPort[1]), jars.toArray(String[]::new));
    env.setParallelism(2);
    env.enableCheckpointing(checkpointing);

    KafkaSource<String> source =
        KafkaSource.<String>builder()
            .setBootstrapServers(bootstrap)
            .setTopics(input)
            .setGroupId(jobName)
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setValueOnlyDeserializer(new SimpleStringSchema())
            .setProperty("isolation.level", "read_committed")
            .build();
    Properties producer = new Properties();
    // Below the broker's transaction.max.timeout.ms, as Eventide's sink.
    producer.setProperty("transaction.timeout.ms", String.valueOf(5 * 60 * 1000));
    KafkaSink<String> sink =
        KafkaSink.<String>builder()
            .setBootstrapServers(bootstrap)
            .setKafkaProducerConfig(producer)
            .setDeliveryGuarantee(guarantee)
            .setTransactionalIdPrefix(jobName)
            .setRecordSerializer(
                KafkaRecordSerializationSchema.builder().setTopic(output).setValueSerializationSchema(new SimpleStringSchema()).build())
            .build();

    env.fromSource(
            source,
            WatermarkStrategy.<String>forBoundedOutOfOrderness(Duration.ofSeconds(1)).withIdleness(Duration.ofSeconds(10)),
            "Read " + input)
        .flatMap(
            (String line, Collector<Tuple2<String, Integer>> out) -> {
              Tuple2<String, Integer> sale = parse(line, byProduct);
              if (sale != null) {
                out.collect(sale);
              }
            })
        .returns(Types.TUPLE(Types.STRING, Types.INT))
        .keyBy(sale -> sale.f0)
        .window(TumblingEventTimeWindows.of(Time.milliseconds(windowMillis)))
        .aggregate(new SumAndCount(), new AsJson())
        .sinkTo(sink);
    JobClient job = env.executeAsync(jobName);
    System.out.println("Job id: " + job.getJobID());
  }

  /** {@code time,month,category,product,profit} → (month or product, profit); null if it is not a sale. */
  static Tuple2<String, Integer> parse(String line, boolean byProduct) {
    String[] fields = line.split(",", -1);
    if (fields.length != 5) {
      return null;
    }
    try {
      Instant.parse(fields[0]);
      return Tuple2.of(byProduct ? fields[3] : fields[1], Integer.parseInt(fields[4].strip()));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String arg(String[] args, String name, String otherwise) {
    for (String arg : args) {
      if (arg.startsWith("--" + name + "=")) {
        return arg.substring(name.length() + 3);
      }
    }
    if (otherwise == null) {
      throw new IllegalArgumentException("--" + name + " is needed");
    }
    return otherwise;
  }

  /** {profit, count}. */
  private static final class SumAndCount implements AggregateFunction<Tuple2<String, Integer>, long[], long[]> {
    @Override
    public long[] createAccumulator() {
      return new long[2];
    }

    @Override
    public long[] add(Tuple2<String, Integer> sale, long[] sum) {
      sum[0] += sale.f1;
      sum[1]++;
      return sum;
    }

    @Override
    public long[] getResult(long[] sum) {
      return sum;
    }

    @Override
    public long[] merge(long[] a, long[] b) {
      return new long[] {a[0] + b[0], a[1] + b[1]};
    }
  }

  /** The Beam job's result line, without its pane fields. */
  private static final class AsJson extends ProcessWindowFunction<long[], String, String, TimeWindow> {
    @Override
    public void process(String key, Context context, Iterable<long[]> sums, Collector<String> out) {
      long[] sum = sums.iterator().next();
      out.collect(
          "{\"key\":\"" + key + "\",\"windowStart\":\"" + Instant.ofEpochMilli(context.window().getStart())
              + "\",\"windowEnd\":\"" + Instant.ofEpochMilli(context.window().getEnd()) + "\",\"profit\":" + sum[0]
              + ",\"count\":" + sum[1] + "}");
    }
  }
}
