package dev.eventide.transforms.io;

import dev.eventide.transforms.model.CabRide;
import java.util.Optional;
import java.util.SplittableRandom;
import org.joda.time.Instant;

/**
 * Cab-ride lines in the summary's format, line {@code i} a function of the seed and {@code i}
 * alone: one of {@code cabs} cabs (each with its plate, type and driver), on an ongoing trip about
 * half the time (else {@code 'null'} in the trip's fields), between {@code Sector 1} and {@code
 * Sector 40}, with 1 to 6 passengers. A {@code malformedFraction} of lines are broken.
 */
public record CabRideGenerator(long seed, int cabs, double malformedFraction) implements LineGenerator {

  private static final String[] TYPES = {"Sedan", "SUV", "Hatchback", "Mini"};
  private static final int SECTORS = 40;
  private static final int MALFORMED_KINDS = 6;
  private static final Instant START = Instant.parse("2018-06-01T00:00:00Z");

  public CabRideGenerator {
    if (cabs < 1 || !(malformedFraction >= 0 && malformedFraction <= 1)) {
      throw new IllegalArgumentException("cabs must be >= 1 and the malformed fraction in [0, 1]");
    }
  }

  /** The ride line {@code i} holds, or empty when the line is malformed. */
  public Optional<CabRide> ride(long i) {
    SplittableRandom random = new SplittableRandom(seed * 0x2545F4914F6CDD1DL + i);
    if (random.nextDouble() < malformedFraction) {
      return Optional.empty();
    }
    int cab = random.nextInt(cabs);
    SplittableRandom cabRandom = new SplittableRandom(seed * 31 + cab);
    String cabId = "id_" + (1000 + cab);
    String plate = "PB" + (1000 + cabRandom.nextInt(9000));
    String type = TYPES[cabRandom.nextInt(TYPES.length)];
    String driver = Names.FIRST_NAMES.get(cab % Names.FIRST_NAMES.size());
    if (random.nextBoolean()) {
      return Optional.of(new CabRide(cabId, plate, type, driver, false, null, null, 0));
    }
    // Destinations skewed, so that one is clearly the most popular more often than not.
    String pickup = "Sector " + (1 + random.nextInt(SECTORS));
    String destination = "Sector " + (1 + random.nextInt(random.nextInt(SECTORS) + 1));
    return Optional.of(new CabRide(cabId, plate, type, driver, true, pickup, destination, 1 + random.nextInt(6)));
  }

  @Override
  public String line(long i) {
    return ride(i).map(CabRideGenerator::format).orElseGet(() -> malformed(i));
  }

  /** A ride in the summary's format. */
  public static String format(CabRide ride) {
    String head = ride.cabId() + "," + ride.plate() + "," + ride.cabType() + "," + ride.driver() + ",";
    return ride.ongoing()
        ? head + "yes," + ride.pickup() + "," + ride.destination() + "," + ride.passengers()
        : head + "no,'null','null','null'";
  }

  /** Lines carry no time: one a second from 2018-06-01, in order. */
  @Override
  public Instant watermarkAfter(long i) {
    return START.plus(i * 1000);
  }

  private static String malformed(long i) {
    return switch ((int) (i % MALFORMED_KINDS)) {
      case 0 -> "id_1001,PB1234,Sedan,Wanda,yes,Sector 1,Sector 2"; // a field missing
      case 1 -> "id_1001,PB1234,Sedan,Wanda,yes,Sector 1,Sector 2,two"; // passengers not a number
      case 2 -> "id_1001,PB1234,Sedan,Wanda,maybe,Sector 1,Sector 2,2"; // neither yes nor no
      case 3 -> "id_1001,PB1234,Sedan,Wanda,yes,'null','null','null'"; // ongoing without a trip
      case 4 -> "id_1001,PB1234,Sedan,Wanda,yes,Sector 1,Sector 2,-1"; // negative passengers
      default -> "id_1001,PB1234,Sedan,,yes,Sector 1,Sector 2,2"; // empty driver
    };
  }
}
