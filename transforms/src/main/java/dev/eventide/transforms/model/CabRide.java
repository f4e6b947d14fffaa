package dev.eventide.transforms.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;

/**
 * One line of the summary's cab-ride file: a cab and its driver, and, when a trip is ongoing, where
 * it picked up, where it goes and how many passengers it carries. A cab with no ongoing trip has no
 * pickup or destination (null) and no passengers (0).
 */
public record CabRide(
    String cabId,
    String plate,
    String cabType,
    String driver,
    boolean ongoing,
    String pickup,
    String destination,
    int passengers) {

  /** Coder for cab rides. */
  public static final class CabRideCoder extends AtomicCoder<CabRide> {
    private static final CabRideCoder INSTANCE = new CabRideCoder();
    private static final StringUtf8Coder TEXT = StringUtf8Coder.of();
    private static final NullableCoder<String> OPTIONAL_TEXT = NullableCoder.of(TEXT);

    public static CabRideCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(CabRide ride, OutputStream out) throws IOException {
      TEXT.encode(ride.cabId(), out);
      TEXT.encode(ride.plate(), out);
      TEXT.encode(ride.cabType(), out);
      TEXT.encode(ride.driver(), out);
      BooleanCoder.of().encode(ride.ongoing(), out);
      OPTIONAL_TEXT.encode(ride.pickup(), out);
      OPTIONAL_TEXT.encode(ride.destination(), out);
      VarIntCoder.of().encode(ride.passengers(), out);
    }

    @Override
    public CabRide decode(InputStream in) throws IOException {
      return new CabRide(
          TEXT.decode(in),
          TEXT.decode(in),
          TEXT.decode(in),
          TEXT.decode(in),
          BooleanCoder.of().decode(in),
          OPTIONAL_TEXT.decode(in),
          OPTIONAL_TEXT.decode(in),
          VarIntCoder.of().decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
