package dev.eventide.transforms.parse;

/**
 * A record that cannot be parsed. Expected in real data, so it carries only a reason for the
 * dead-letter output and no stack trace.
 */
public class InvalidRecordException extends Exception {
  public InvalidRecordException(String reason) {
    super(reason, null, false, false);
  }
}
