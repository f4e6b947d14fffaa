package dev.eventide.transforms.faults;

/** What a failure comes down to, for a message a user reads: the deepest cause and its first line. */
public final class Causes {

  private Causes() {}

  /** The last throwable of {@code error}'s cause chain (itself if it has no cause). */
  public static Throwable deepest(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** The first line of {@code error}'s message, or its type and message when it has none. */
  public static String firstLine(Throwable error) {
    return error.getMessage() == null ? error.toString() : firstLine(error.getMessage());
  }

  /** The first line of a text, stripped; empty for null. */
  public static String firstLine(String text) {
    String stripped = text == null ? "" : text.strip();
    int end = stripped.indexOf('\n');
    return end < 0 ? stripped : stripped.substring(0, end).strip();
  }
}
