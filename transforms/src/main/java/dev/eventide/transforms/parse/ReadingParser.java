package dev.eventide.transforms.parse;

import dev.eventide.transforms.model.Reading;
import org.apache.beam.sdk.coders.Coder;
import org.joda.time.Instant;

/**
 * The telemetry format: {@code time,device,value}, e.g. {@code 2018-06-01T00:00:01.250Z,sensor-3,21.5}.
 * The time is an ISO-8601 instant (or {@code yyyy-MM-dd HH:mm:ss}, UTC) and is the event time; the
 * value is a decimal number of at most {@link Limits#LARGEST_MEASUREMENT} in magnitude.
 */
public final class ReadingParser implements LineParser<Reading> {

  @Override
  public Reading parse(String line) throws InvalidRecordException {
    String[] fields = Fields.split(line, "time", "device", "value");
    Instant time = Fields.time("time", fields[0]);
    String device = Fields.text("device", fields[1]);
    return new Reading(time, device, value(fields[2].strip()));
  }

  private static double value(String text) throws InvalidRecordException {
    // Digits only: Java would also read "NaN", "Infinity" and hexadecimal floats.
    if (!text.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?")) {
      throw new InvalidRecordException("value " + Fields.quote(text) + " is not a decimal number");
    }
    return Limits.measurement("value", text, Double.parseDouble(text));
  }

  @Override
  public Instant eventTime(Reading reading) {
    return reading.eventTime();
  }

  @Override
  public Coder<Reading> coder() {
    return Reading.ReadingCoder.of();
  }

  @Override
  public String name() {
    return "readings";
  }
}
