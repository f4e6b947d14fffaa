package dev.eventide.transforms.io;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.splittabledofn.WatermarkEstimators;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/**
 * What Eventide's unbounded generators share: a splittable DoFn, started by an impulse, whose
 * restriction is records {@code [0, count)} claimed in order and whose watermark the subclass sets
 * by hand. A checkpoint or savepoint holds the rest of the restriction, so a restored job goes on
 * where it stood. Subclasses add the {@code @ProcessElement} method and are marked unbounded per
 * element themselves: Beam refuses that mark on both this class and a subclass ("Both
 * BoundedPerElement and UnboundedPerElement specified").
 */
public abstract class NumberedRecordsFn<O> extends DoFn<byte[], O> {

  private final long count;

  protected NumberedRecordsFn(long count) {
    this.count = count;
  }

  @GetInitialRestriction
  public OffsetRange records(@Element byte[] impulse) {
    return new OffsetRange(0, count);
  }

  @GetRestrictionCoder
  public Coder<OffsetRange> restrictionCoder() {
    return OffsetRange.Coder.of();
  }

  @GetInitialWatermarkEstimatorState
  public Instant initialWatermark() {
    return BoundedWindow.TIMESTAMP_MIN_VALUE;
  }

  @GetWatermarkEstimatorStateCoder
  public Coder<Instant> watermarkCoder() {
    return InstantCoder.of();
  }

  @NewWatermarkEstimator
  public WatermarkEstimators.Manual watermarkEstimator(@WatermarkEstimatorState Instant watermark) {
    return new WatermarkEstimators.Manual(watermark);
  }
}
