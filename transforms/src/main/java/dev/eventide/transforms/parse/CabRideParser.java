package dev.eventide.transforms.parse;

import dev.eventide.transforms.model.CabRide;
import java.util.Locale;
import org.apache.beam.sdk.coders.Coder;
import org.joda.time.Instant;

/**
 * The summary's cab-ride format: {@code cab id,plate,cab type,driver,ongoing trip,pickup,
 * destination,passengers}, e.g. {@code id_4214,PB7526,Sedan,Wanda,yes,Sector 19,Sector 10,5}. The
 * ongoing-trip field is {@code yes} or {@code no} (any case). A cab with no ongoing trip is a valid
 * record whatever its last three fields hold (the files write {@code 'null'}); an ongoing trip
 * needs a pickup, a destination and a whole number of passengers from 0 up. The lines carry no
 * time: a ride keeps its line's timestamp.
 */
public final class CabRideParser implements LineParser<CabRide> {

  private static final String[] FIELDS = {
    "cabId", "plate", "cabType", "driver", "ongoingTrip", "pickup", "destination", "passengers"
  };

  @Override
  public CabRide parse(String line) throws InvalidRecordException {
    String[] fields = Fields.split(line, FIELDS);
    String cabId = Fields.text("cabId", fields[0]);
    String plate = Fields.text("plate", fields[1]);
    String cabType = Fields.text("cabType", fields[2]);
    String driver = Fields.text("driver", fields[3]);
    String ongoing = fields[4].strip().toLowerCase(Locale.ROOT);
    if (ongoing.equals("no")) {
      return new CabRide(cabId, plate, cabType, driver, false, null, null, 0);
    }
    if (!ongoing.equals("yes")) {
      throw new InvalidRecordException("ongoingTrip " + Fields.quote(fields[4].strip()) + " is neither yes nor no");
    }
    String pickup = place("pickup", fields[5]);
    String destination = place("destination", fields[6]);
    long passengers = Fields.wholeNumber("passengers", fields[7]);
    if (passengers < 0 || passengers > Integer.MAX_VALUE) {
      throw new InvalidRecordException("passengers " + Fields.quote(fields[7].strip()) + " is out of range [0, " + Integer.MAX_VALUE + "]");
    }
    return new CabRide(cabId, plate, cabType, driver, true, pickup, destination, (int) passengers);
  }

  /** A place of an ongoing trip: not empty and not the files' {@code 'null'}. */
  private static String place(String field, String value) throws InvalidRecordException {
    String text = Fields.text(field, value);
    if (text.equals("'null'") || text.equalsIgnoreCase("null")) {
      throw new InvalidRecordException("an ongoing trip has no " + field);
    }
    return text;
  }

  /** None: a ride keeps its line's timestamp. */
  @Override
  public Instant eventTime(CabRide ride) {
    return null;
  }

  @Override
  public Coder<CabRide> coder() {
    return CabRide.CabRideCoder.of();
  }

  @Override
  public String name() {
    return "cabRides";
  }
}
