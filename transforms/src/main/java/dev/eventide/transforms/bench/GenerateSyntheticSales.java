package dev.eventide.transforms.bench;

import dev.eventide.transforms.io.NumberedRecordsFn;
import dev.eventide.transforms.model.Sale;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Impulse;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.splittabledofn.ManualWatermarkEstimator;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/**
 * The benchmark's sales as a source, each at its event time: bounded (a batch input) or unbounded
 * at full speed with the workload's watermark (a stream that ends after the last sale), as the
 * native Flink benchmark's generator source is.
 */
public final class GenerateSyntheticSales extends PTransform<PBegin, PCollection<Sale>> {

  private final SyntheticSales workload;
  private final boolean unbounded;

  private GenerateSyntheticSales(SyntheticSales workload, boolean unbounded) {
    this.workload = workload;
    this.unbounded = unbounded;
  }

  public static GenerateSyntheticSales bounded(SyntheticSales workload) {
    return new GenerateSyntheticSales(workload, false);
  }

  public static GenerateSyntheticSales unbounded(SyntheticSales workload) {
    return new GenerateSyntheticSales(workload, true);
  }

  @Override
  public PCollection<Sale> expand(PBegin begin) {
    PCollection<Sale> sales =
        unbounded
            ? begin.apply("Start", Impulse.create()).apply("Sales", ParDo.of(new UnboundedSalesFn(workload)))
            : begin
                .apply("Indexes", GenerateSequence.from(0).to(workload.events()))
                .apply("Sales", ParDo.of(new BoundedSalesFn(workload)));
    return sales.setCoder(Sale.SaleCoder.of());
  }

  private static final class BoundedSalesFn extends DoFn<Long, Sale> {
    private final SyntheticSales workload;

    BoundedSalesFn(SyntheticSales workload) {
      this.workload = workload;
    }

    @ProcessElement
    public void process(@Element Long i, OutputReceiver<Sale> out) {
      Sale sale = workload.sale(i);
      out.outputWithTimestamp(sale, sale.eventTime());
    }
  }

  /** Claims sales in order, a chunk per call, and moves the watermark after each chunk. */
  @DoFn.UnboundedPerElement
  private static final class UnboundedSalesFn extends NumberedRecordsFn<Sale> {
    private static final long CHUNK = 10_000;
    private final SyntheticSales workload;

    UnboundedSalesFn(SyntheticSales workload) {
      super(workload.events());
      this.workload = workload;
    }

    @ProcessElement
    public ProcessContinuation process(
        RestrictionTracker<OffsetRange, Long> sales, ManualWatermarkEstimator<Instant> watermark, OutputReceiver<Sale> out) {
      long next = sales.currentRestriction().getFrom();
      for (long emitted = 0; emitted < CHUNK; emitted++, next++) {
        if (!sales.tryClaim(next)) {
          return ProcessContinuation.stop();
        }
        Sale sale = workload.sale(next);
        out.outputWithTimestamp(sale, sale.eventTime());
      }
      watermark.setWatermark(Instant.ofEpochMilli(workload.watermarkAfterMillis(next - 1)));
      return ProcessContinuation.resume();
    }
  }
}
