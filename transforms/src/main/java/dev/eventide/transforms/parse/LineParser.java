package dev.eventide.transforms.parse;

import java.io.Serializable;
import org.apache.beam.sdk.coders.Coder;
import org.joda.time.Instant;

/** Turns one line of text into a typed record with an event time, or says why it cannot. */
public interface LineParser<T> extends Serializable {

  /** The record the (trimmed, non-blank) line holds; a reason if it holds none. */
  T parse(String line) throws InvalidRecordException;

  /**
   * The record's event time; null when the record has none of its own and keeps its line's
   * timestamp (reference data, which applies from when its line came).
   */
  Instant eventTime(T record);

  /** The coder of the records. */
  Coder<T> coder();

  /** A short name for counters and logs, e.g. {@code sales}. */
  String name();
}
