package dev.eventide.transforms.parse;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.joda.time.Instant;

/**
 * The words of a line of text, in order, as written (case kept: the summary's words are names). A
 * word is a run of letters and digits, which may join runs with an apostrophe, hyphen or
 * underscore ({@code O'Neil}, {@code Jean-Luc}); anything else separates words. A line with no
 * word (punctuation only) holds an empty list. Lines that are not text (bytes that were not UTF-8,
 * control characters) are refused by {@link ParseLines}, as for every parser.
 */
public final class WordsParser implements LineParser<List<String>> {

  /**
   * Scanned by hand rather than with a regular expression: Java's regex engine recurses once per
   * joined part, so a hostile line such as {@code a-a-a-...} of a few megabytes overflowed the stack.
   * Undecodable bytes and control characters are refused by {@link ParseLines} before this runs.
   */
  @Override
  public List<String> parse(String line) throws InvalidRecordException {
    List<String> words = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (i < n) {
      if (!isWordChar(line.codePointAt(i))) {
        i += Character.charCount(line.codePointAt(i));
        continue;
      }
      int start = i;
      int end = endOfRun(line, i);
      // A joiner between two runs keeps them one word.
      while (end + 1 < n && JOINERS.indexOf(line.charAt(end)) >= 0 && isWordChar(line.codePointAt(end + 1))) {
        end = endOfRun(line, end + 1);
      }
      words.add(line.substring(start, end));
      i = end;
    }
    return words;
  }

  private static final String JOINERS = "'’_-";

  private static int endOfRun(String line, int from) {
    int i = from;
    while (i < line.length() && isWordChar(line.codePointAt(i))) {
      i += Character.charCount(line.codePointAt(i));
    }
    return i;
  }

  private static boolean isWordChar(int codePoint) {
    return Character.isLetter(codePoint)
        || Character.isDigit(codePoint)
        || Character.getType(codePoint) == Character.NON_SPACING_MARK
        || Character.getType(codePoint) == Character.ENCLOSING_MARK
        || Character.getType(codePoint) == Character.COMBINING_SPACING_MARK
        || Character.getType(codePoint) == Character.LETTER_NUMBER
        || Character.getType(codePoint) == Character.OTHER_NUMBER;
  }

  /** None: words keep their line's timestamp. */
  @Override
  public Instant eventTime(List<String> words) {
    return null;
  }

  @Override
  public Coder<List<String>> coder() {
    return ListCoder.of(StringUtf8Coder.of());
  }

  @Override
  public String name() {
    return "words";
  }
}
