package dev.eventide.bench;

import dev.eventide.transforms.bench.SyntheticSales;
import java.time.Duration;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.time.Time;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * The workload as a native Flink DataStream job on an embedded cluster: a generator source of the
 * same sales, bounded-disorder watermarks, keyed event-time windows, an incremental sum and count,
 * and a sink that only counts (into accumulators). The engine's own limit for Beam on Flink.
 */
public final class NativeFlinkBench {

  private NativeFlinkBench() {}

  /** One sale: public fields, so Flink serializes it as a POJO. */
  public static final class Event {
    public String key;
    public long time;
    public int profit;

    public Event() {}

    Event(String key, long time, int profit) {
      this.key = key;
      this.time = time;
      this.profit = profit;
    }
  }

  public static void main(String[] args) throws Exception {
    System.out.println(run(BenchArgs.parse(args)));
  }

  static String run(BenchArgs bench) throws Exception {
    SyntheticSales sales = bench.workload();
    Configuration conf = new Configuration();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(bench.parallelism());
    env.setRuntimeMode(bench.streaming() ? RuntimeExecutionMode.STREAMING : RuntimeExecutionMode.BATCH);
    env.setStateBackend(bench.stateBackend().equals("rocksdb") ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend());
    GeneratorFunction<Long, Event> sale = i -> new Event(sales.key(i), sales.eventMillis(i), sales.profit(i));
    DataGeneratorSource<Event> source =
        new DataGeneratorSource<>(sale, sales.events(), RateLimiterStrategy.noOp(), TypeInformation.of(Event.class));
    WatermarkStrategy<Event> watermarks =
        WatermarkStrategy.<Event>forBoundedOutOfOrderness(Duration.ofMillis(sales.maxDisorderMillis()))
            .withTimestampAssigner((event, previous) -> event.time);
    WindowAssigner<Object, TimeWindow> windows =
        bench.windowPeriodMillis() == bench.windowSizeMillis()
            ? TumblingEventTimeWindows.of(Time.milliseconds(bench.windowSizeMillis()))
            : SlidingEventTimeWindows.of(Time.milliseconds(bench.windowSizeMillis()), Time.milliseconds(bench.windowPeriodMillis()));
    env.fromSource(source, watermarks, "SyntheticSales")
        .keyBy(event -> event.key)
        .window(windows)
        .aggregate(new SumAndCount(), new WithWindowEnd())
        .addSink(new CountingSink());
    JobExecutionResult result = env.execute("native-flink-benchmark");
    // The job's own run time, without starting the embedded cluster: as the FlinkRunner reports it.
    return BenchArgs.resultLine(
        result.getNetRuntime() / 1000.0,
        result.<Long>getAccumulatorResult("results"),
        result.<Long>getAccumulatorResult("profit"),
        result.<Long>getAccumulatorResult("count"),
        result.<Long>getAccumulatorResult("checksum"));
  }

  /** {profit, count}. */
  private static final class SumAndCount implements AggregateFunction<Event, long[], long[]> {
    @Override
    public long[] createAccumulator() {
      return new long[2];
    }

    @Override
    public long[] add(Event event, long[] sum) {
      sum[0] += event.profit;
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

  /** {windowEnd, profit, count} with the key. */
  private static final class WithWindowEnd extends ProcessWindowFunction<long[], Result, String, TimeWindow> {
    @Override
    public void process(String key, Context context, Iterable<long[]> sums, Collector<Result> out) {
      long[] sum = sums.iterator().next();
      out.collect(new Result(key, context.window().getEnd(), sum[0], sum[1]));
    }
  }

  /** One window result. */
  public static final class Result {
    public String key;
    public long windowEnd;
    public long profit;
    public long count;

    public Result() {}

    Result(String key, long windowEnd, long profit, long count) {
      this.key = key;
      this.windowEnd = windowEnd;
      this.profit = profit;
      this.count = count;
    }
  }

  /** Counts results into accumulators, which the job's result merges over all subtasks. */
  private static final class CountingSink extends RichSinkFunction<Result> {
    private final LongCounter results = new LongCounter();
    private final LongCounter profit = new LongCounter();
    private final LongCounter count = new LongCounter();
    private final LongCounter checksum = new LongCounter();

    @Override
    public void open(Configuration parameters) {
      getRuntimeContext().addAccumulator("results", results);
      getRuntimeContext().addAccumulator("profit", profit);
      getRuntimeContext().addAccumulator("count", count);
      getRuntimeContext().addAccumulator("checksum", checksum);
    }

    @Override
    public void invoke(Result result, Context context) {
      results.add(1);
      profit.add(result.profit);
      count.add(result.count);
      checksum.add(SyntheticSales.checksum(result.key, result.windowEnd, result.profit, result.count));
    }
  }
}
