package dev.eventide.transforms.state;

import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.scenario.Timeline;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.state.OrderedListState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Instant;

/**
 * A guard for apache/beam issue 39782: an {@link OrderedListState} on the FlinkRunner was reported
 * to keep one element per timestamp. Eventide sorts a {@link org.apache.beam.sdk.state.BagState}
 * instead (see {@link InventoryLedger}); this test keeps the reason visible: it shows what each
 * runner does with elements that share a timestamp. The DirectRunner keeps them all. On the
 * FlinkRunner of Beam 2.62 the test expects the loss; once it fails there, the bug is fixed and
 * the ledger may move to {@code OrderedListState}. The timer is set again by each element, so the
 * list is read once, when the watermark passes the last one.
 */
class OrderedListStateGuardTest {

  private static final Timeline T = Timeline.startingAt("2018-06-01T00:00:00Z");

  private static final String TIMELINE =
      """
      00:00:01 k,x1
      00:00:01 k,x2
      00:00:01 k,x3
      00:00:02 k,y
      watermark 00:00:10
      """;

  @RunnerTest(dev.eventide.testing.junit.TestRunner.DIRECT)
  void theDirectRunnerKeepsElementsThatShareATimestamp(TestPipeline pipeline) {
    PAssert.that(readBack(pipeline)).containsInAnyOrder("k [x1, x2, x3, y]");
    pipeline.run();
  }

  @RunnerTest(dev.eventide.testing.junit.TestRunner.FLINK)
  void theFlinkRunnerKeepsOneElementPerTimestamp(TestPipeline pipeline) {
    // x1 and x2 are lost: the last element at a timestamp replaces the others.
    PAssert.that(readBack(pipeline)).containsInAnyOrder("k [x3, y]");
    pipeline.run();
  }

  /** Each element added at its timestamp, then the whole list read back, once per element. */
  private static PCollection<String> readBack(TestPipeline pipeline) {
    return pipeline
        .apply(T.parse(TIMELINE).toTestStream())
        .apply(MapElements.into(new TypeDescriptor<KV<String, String>>() {}).via((String line) -> KV.of(line.split(",")[0], line.split(",")[1])))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply(ParDo.of(new AddAndReadFn()));
  }

  private static final class AddAndReadFn extends DoFn<KV<String, String>, String> {
    @StateId("list")
    private final StateSpec<OrderedListState<String>> listSpec = StateSpecs.orderedList(StringUtf8Coder.of());

    @TimerId("read")
    private final TimerSpec readSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @ProcessElement
    public void process(
        @Element KV<String, String> element, @Timestamp Instant t, @StateId("list") OrderedListState<String> list, @TimerId("read") Timer read) {
      list.add(TimestampedValue.of(element.getValue(), t));
      read.set(t.plus(org.joda.time.Duration.standardSeconds(5)));
    }

    @OnTimer("read")
    public void onRead(@Key String key, @StateId("list") OrderedListState<String> list, OutputReceiver<String> out) {
      List<String> values = new ArrayList<>();
      list.read().forEach(v -> values.add(v.getValue()));
      values.sort(null);
      out.output(key + " " + values);
    }
  }
}
