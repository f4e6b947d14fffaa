package dev.eventide.transforms.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/**
 * One JSON line per result per pane: the key, the window, the pane that carried it and the
 * value's own fields, e.g.
 *
 * <pre>{"key":"June","windowStart":"2018-06-01T00:00:00Z","windowEnd":"2018-06-01T00:00:02Z",
 * "pane":"ON_TIME","paneIndex":0,"profit":154,"count":6}</pre>
 *
 * In the global window {@code windowStart} and {@code windowEnd} are {@code null}. {@code pane}
 * is EARLY, ON_TIME or LATE, so a reader can tell a speculative or corrected result from the
 * on-time one.
 */
public final class FormatPanesAsJson<V> extends PTransform<PCollection<KV<String, V>>, PCollection<String>> {

  /** Writes a value's own fields into its result line. */
  @FunctionalInterface
  public interface ValueFields<V> extends Serializable {
    void write(V value, ObjectNode json);
  }

  private final ValueFields<V> fields;
  private final String keyField;
  private final boolean panesOfBatchTotals;

  private FormatPanesAsJson(ValueFields<V> fields, String keyField, boolean panesOfBatchTotals) {
    this.fields = fields;
    this.keyField = keyField;
    this.panesOfBatchTotals = panesOfBatchTotals;
  }

  public static <V> FormatPanesAsJson<V> withFields(ValueFields<V> fields) {
    return new FormatPanesAsJson<>(fields, "key", true);
  }

  /** The key under another name than {@code key}, e.g. {@code word}. */
  public FormatPanesAsJson<V> withKeyField(String name) {
    return new FormatPanesAsJson<>(fields, name, panesOfBatchTotals);
  }

  /**
   * Bounded results in the global window (a batch job's one total per key) are written as just
   * the key and its value, without window and pane fields; anything windowed or unbounded keeps
   * them.
   */
  public FormatPanesAsJson<V> withoutPanesForBatchTotals() {
    return new FormatPanesAsJson<>(fields, keyField, false);
  }

  @Override
  public PCollection<String> expand(PCollection<KV<String, V>> results) {
    boolean batchTotals =
        results.isBounded() == PCollection.IsBounded.BOUNDED
            && results.getWindowingStrategy().getWindowFn() instanceof GlobalWindows;
    boolean panes = panesOfBatchTotals || !batchTotals;
    return results
        .apply("ToJsonLine", ParDo.of(new ToJsonFn<>(fields, keyField, panes)))
        .setCoder(StringUtf8Coder.of());
  }

  /** An instant as ISO-8601 without needless zero millis: {@code 2018-06-01T00:00:02Z}. */
  public static String isoInstant(Instant instant) {
    return java.time.Instant.ofEpochMilli(instant.getMillis()).toString();
  }

  /**
   * The pane's timing. A batch runner that runs no triggers (the FlinkRunner with {@code
   * --streaming=false}) emits each window's result once, after all input, with no pane
   * information ({@link PaneInfo#NO_FIRING}): that single, first and last pane is the window's
   * on-time result, and is written as such, so a bounded run prints the same on every runner.
   */
  static PaneInfo.Timing timing(PaneInfo pane) {
    boolean onlyPaneOfABatchRunner =
        pane.getTiming() == PaneInfo.Timing.UNKNOWN && pane.isFirst() && pane.isLast();
    return onlyPaneOfABatchRunner ? PaneInfo.Timing.ON_TIME : pane.getTiming();
  }

  private static final class ToJsonFn<V> extends DoFn<KV<String, V>, String> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ValueFields<V> fields;
    private final String keyField;
    private final boolean panes;

    ToJsonFn(ValueFields<V> fields, String keyField, boolean panes) {
      this.fields = fields;
      this.keyField = keyField;
      this.panes = panes;
    }

    @ProcessElement
    public void process(
        @Element KV<String, V> result, BoundedWindow window, PaneInfo pane, OutputReceiver<String> out) {
      ObjectNode json = JSON.createObjectNode();
      json.put(keyField, result.getKey());
      if (!panes) {
        fields.write(result.getValue(), json);
        out.output(json.toString());
        return;
      }
      if (window instanceof IntervalWindow interval) {
        json.put("windowStart", isoInstant(interval.start()));
        json.put("windowEnd", isoInstant(interval.end()));
      } else {
        json.putNull("windowStart");
        json.putNull("windowEnd");
      }
      json.put("pane", timing(pane).name());
      json.put("paneIndex", pane.getIndex());
      fields.write(result.getValue(), json);
      out.output(json.toString());
    }
  }
}
