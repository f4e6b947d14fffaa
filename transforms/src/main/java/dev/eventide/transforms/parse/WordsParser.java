package dev.eventide.transforms.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.joda.time.Instant;

/**
 * The words of a line of text, in order, as written (case kept: the summary's words are names). A
 * word is a run of letters and digits, which may join runs with an apostrophe, hyphen or
 * underscore ({@code O'Neil}, {@code Jean-Luc}); anything else separates words. A line with no
 * word (punctuation only) holds an empty list. A line that cannot be text is rejected: bytes that
 * were not UTF-8 (read as U+FFFD) or control characters other than a tab.
 */
public final class WordsParser implements LineParser<List<String>> {

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{M}\\p{N}]+(?:['’_-][\\p{L}\\p{M}\\p{N}]+)*");

  @Override
  public List<String> parse(String line) throws InvalidRecordException {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\uFFFD') {
        throw new InvalidRecordException("not UTF-8 text (an undecodable byte at character " + (i + 1) + ")");
      }
      if (Character.isISOControl(c) && c != '\t') {
        throw new InvalidRecordException(String.format("control character U+%04X at character %d", (int) c, i + 1));
      }
    }
    List<String> words = new ArrayList<>();
    Matcher matcher = WORD.matcher(line);
    while (matcher.find()) {
      words.add(matcher.group());
    }
    return words;
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
