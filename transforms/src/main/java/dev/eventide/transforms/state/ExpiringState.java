package dev.eventide.transforms.state;

import java.io.Serializable;
import java.util.function.Consumer;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
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
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Keyed state of any type with a time-to-live, Beam's counterpart of Flink's {@code
 * StateTtlConfig} (update on create and write): per key, an {@link Update} turns the current
 * state and each value into the next state and any outputs; a key whose state has not been
 * written for the time-to-live has it cleared by a timer, counted in {@code
 * eventide.ttl/expired}, and its next value starts from no state.
 *
 * <p>In event time the time-to-live runs from the latest event time written (out-of-order values
 * do not bring it forward), and a value at or past the expiry finds the state gone even if the
 * watermark has not fired the timer yet, so the result does not depend on timer order. In
 * processing time it runs from the last write as the worker's clock sees it. The timer holds no
 * watermark. Its output is in the global window.
 */
public final class ExpiringState<V, S, O> extends PTransform<PCollection<KV<String, V>>, PCollection<O>> {

  /** The next state of a key. */
  @FunctionalInterface
  public interface Update<S, V, O> extends Serializable {
    /**
     * The state after {@code value}, from {@code state} (null when the key has none, or it
     * expired); null clears it. Outputs go to {@code out}, at the value's timestamp.
     */
    @Nullable S apply(String key, @Nullable S state, V value, Consumer<O> out);
  }

  /** Counters in this namespace: {@code expired}, keys whose state the timer cleared. */
  public static final String COUNTERS = "eventide.ttl";

  private final Update<S, V, O> update;
  private final Coder<S> stateCoder;
  private final Coder<O> outputCoder;
  private final Duration timeToLive;
  private final TimeDomain timeDomain;

  private ExpiringState(Update<S, V, O> update, Coder<S> stateCoder, Coder<O> outputCoder, Duration timeToLive, TimeDomain timeDomain) {
    if (!timeToLive.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException("the time-to-live must be above 0, not " + timeToLive);
    }
    this.update = update;
    this.stateCoder = stateCoder;
    this.outputCoder = outputCoder;
    this.timeToLive = timeToLive;
    this.timeDomain = timeDomain;
  }

  /** State kept by {@code update}, cleared after {@code timeToLive} of event time unwritten. */
  public static <V, S, O> ExpiringState<V, S, O> of(
      Update<S, V, O> update, Coder<S> stateCoder, Coder<O> outputCoder, Duration timeToLive) {
    return new ExpiringState<>(update, stateCoder, outputCoder, timeToLive, TimeDomain.EVENT_TIME);
  }

  /** The time-to-live in processing time instead. */
  public ExpiringState<V, S, O> inProcessingTime() {
    return new ExpiringState<>(update, stateCoder, outputCoder, timeToLive, TimeDomain.PROCESSING_TIME);
  }

  @Override
  public PCollection<O> expand(PCollection<KV<String, V>> values) {
    return values
        .apply("AcrossWindows", Window.into(new GlobalWindows()))
        .apply("UpdateState", ParDo.of(new UpdateFn<>(update, stateCoder, timeToLive, timeDomain)))
        .setCoder(outputCoder);
  }

  private static final class UpdateFn<V, S, O> extends DoFn<KV<String, V>, O> {
    private final Update<S, V, O> update;
    private final Duration timeToLive;
    private final boolean eventTime;
    private final Counter expired = Metrics.counter(COUNTERS, "expired");

    @StateId("state")
    private final StateSpec<ValueState<S>> stateSpec;

    /** Event time only: when the state expires, the latest event time written plus the time-to-live. */
    @StateId("expiresAt")
    private final StateSpec<ValueState<Instant>> expiresAtSpec = StateSpecs.value(InstantCoder.of());

    @TimerId("expire")
    private final TimerSpec expireSpec;

    UpdateFn(Update<S, V, O> update, Coder<S> stateCoder, Duration timeToLive, TimeDomain timeDomain) {
      this.update = update;
      this.timeToLive = timeToLive;
      this.eventTime = timeDomain == TimeDomain.EVENT_TIME;
      this.stateSpec = StateSpecs.value(stateCoder);
      this.expireSpec = TimerSpecs.timer(timeDomain);
    }

    @ProcessElement
    public void process(
        @Element KV<String, V> element,
        @Timestamp Instant timestamp,
        @StateId("state") ValueState<S> state,
        @StateId("expiresAt") ValueState<Instant> expiresAt,
        @TimerId("expire") Timer expire,
        OutputReceiver<O> out) {
      Instant expiry = expiresAt.read();
      if (eventTime && expiry != null && !timestamp.isBefore(expiry)) {
        // Expired as of this value, though the watermark has not fired the timer yet.
        if (state.read() != null) {
          expired.inc();
        }
        clear(state, expiresAt);
        expiry = null;
      }
      S next = update.apply(element.getKey(), state.read(), element.getValue(), out::output);
      if (next == null) {
        clear(state, expiresAt);
        return;
      }
      state.write(next);
      if (eventTime) {
        Instant candidate = timestamp.plus(timeToLive);
        if (expiry == null || candidate.isAfter(expiry)) {
          expiresAt.write(candidate);
          expire.withNoOutputTimestamp().set(candidate);
        }
      } else {
        expire.offset(timeToLive).withNoOutputTimestamp().setRelative();
      }
    }

    @OnTimer("expire")
    public void onExpire(
        @Timestamp Instant firedAt,
        @StateId("state") ValueState<S> state,
        @StateId("expiresAt") ValueState<Instant> expiresAt) {
      Instant expiry = expiresAt.read();
      if (eventTime && (expiry == null || firedAt.isBefore(expiry))) {
        return; // an earlier timer, overtaken by a later write
      }
      if (state.read() != null) {
        expired.inc();
      }
      clear(state, expiresAt);
    }

    private static <S> void clear(ValueState<S> state, ValueState<Instant> expiresAt) {
      state.clear();
      expiresAt.clear();
    }
  }
}
