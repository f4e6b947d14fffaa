package dev.eventide.transforms.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.joda.time.Instant;

/** One device reading of the telemetry job: when it was taken, by which device, and its value. */
public record Reading(Instant eventTime, String device, double value) {

  /** Coder for readings. */
  public static final class ReadingCoder extends AtomicCoder<Reading> {
    private static final ReadingCoder INSTANCE = new ReadingCoder();

    public static ReadingCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(Reading reading, OutputStream out) throws IOException {
      InstantCoder.of().encode(reading.eventTime(), out);
      StringUtf8Coder.of().encode(reading.device(), out);
      DoubleCoder.of().encode(reading.value(), out);
    }

    @Override
    public Reading decode(InputStream in) throws IOException {
      return new Reading(InstantCoder.of().decode(in), StringUtf8Coder.of().decode(in), DoubleCoder.of().decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
