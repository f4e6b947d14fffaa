package dev.eventide.transforms.state;

import dev.eventide.transforms.aggregate.ProfitSummary;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The running total of profit and number of sales per key since the job started, across all
 * windows, kept in keyed state: what a checkpoint or savepoint carries over a restart, so that
 * after a restore the totals go on from where they were instead of starting at zero.
 *
 * <p>Each sale is added as it arrives, late or not. After a report, the next sale of the key asks
 * for one at the end of its reporting interval ({@code every}, aligned to the epoch), which fires
 * when the watermark passes it and carries that instant ({@code reportedAt}) and every sale seen
 * by then. So a key is reported at most once per interval, and when the watermark lags behind the
 * data (as it does on Flink, by a few bundles) reports are further apart, each covering more. A
 * late sale for an interval already reported goes into the next report, so reports come in order.
 */
public final class RunningTotalPerKey
    extends PTransform<PCollection<KV<String, Integer>>, PCollection<KV<String, RunningTotal>>> {

  private final Duration every;

  private RunningTotalPerKey(Duration every) {
    this.every = every;
  }

  /** Reports each key's running total once per {@code every} of event time in which it sold. */
  public static RunningTotalPerKey reportingEvery(Duration every) {
    if (!every.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException("the reporting interval must be longer than 0");
    }
    return new RunningTotalPerKey(every);
  }

  @Override
  public PCollection<KV<String, RunningTotal>> expand(PCollection<KV<String, Integer>> profits) {
    return profits
        .apply("AcrossWindows", Window.into(new GlobalWindows()))
        .apply("AddUp", ParDo.of(new AddUpFn(every.getMillis())))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), RunningTotal.RunningTotalCoder.of()));
  }

  private static final class AddUpFn extends DoFn<KV<String, Integer>, KV<String, RunningTotal>> {
    private final long everyMillis;

    @StateId("total")
    private final StateSpec<ValueState<ProfitSummary>> totalSpec =
        StateSpecs.value(ProfitSummary.ProfitSummaryCoder.of());

    /** When the pending report fires; empty when none is pending. */
    @StateId("reportAt")
    private final StateSpec<ValueState<Instant>> reportAtSpec = StateSpecs.value(InstantCoder.of());

    /** When the key was last reported: reports stay in order even when late sales arrive. */
    @StateId("lastReport")
    private final StateSpec<ValueState<Instant>> lastReportSpec = StateSpecs.value(InstantCoder.of());

    @TimerId("report")
    private final TimerSpec reportSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    AddUpFn(long everyMillis) {
      this.everyMillis = everyMillis;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Integer> sale,
        @Timestamp Instant timestamp,
        @StateId("total") ValueState<ProfitSummary> total,
        @StateId("reportAt") ValueState<Instant> reportAt,
        @StateId("lastReport") ValueState<Instant> lastReport,
        @TimerId("report") Timer report) {
      ProfitSummary sofar = total.read();
      total.write((sofar == null ? ProfitSummary.EMPTY : sofar).plus(sale.getValue()));
      Instant intervalEnd =
          Instant.ofEpochMilli(Math.floorDiv(timestamp.getMillis(), everyMillis) * everyMillis + everyMillis);
      Instant last = lastReport.read();
      if (last != null && !intervalEnd.isAfter(last)) {
        // A late sale for an interval already reported: it shows in the next report.
        intervalEnd = last.plus(Duration.millis(everyMillis));
      }
      Instant pending = reportAt.read();
      if (pending == null || intervalEnd.isBefore(pending)) {
        reportAt.write(intervalEnd);
        // Like a window's own timer, at the interval's last millisecond: a timer fires once the
        // watermark is past its time, so this one fires when the watermark reaches the end.
        report.set(intervalEnd.minus(Duration.millis(1)));
      }
    }

    @OnTimer("report")
    public void onReport(
        @Key String key,
        @StateId("total") ValueState<ProfitSummary> total,
        @StateId("reportAt") ValueState<Instant> reportAt,
        @StateId("lastReport") ValueState<Instant> lastReport,
        OutputReceiver<KV<String, RunningTotal>> out) {
      ProfitSummary sofar = total.read();
      Instant intervalEnd = reportAt.read();
      out.output(KV.of(key, new RunningTotal(intervalEnd, sofar.profit(), sofar.count())));
      reportAt.clear();
      lastReport.write(intervalEnd);
    }
  }
}
