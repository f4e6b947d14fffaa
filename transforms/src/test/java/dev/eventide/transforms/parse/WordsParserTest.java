package dev.eventide.transforms.parse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WordsParserTest {

  private final WordsParser parser = new WordsParser();

  @Test
  void wordsAsWrittenSplitOnAnythingButLettersAndDigits() throws InvalidRecordException {
    assertThat(parser.parse("Noman"), contains("Noman"));
    assertThat(parser.parse("Noman, noman;Joyce  Zoë\t(2018)"), contains("Noman", "noman", "Joyce", "Zoë", "2018"));
    assertThat(parser.parse("O'Neil met Jean-Luc -- twice"), contains("O'Neil", "met", "Jean-Luc", "twice"));
  }

  @Test
  void aLineOfPunctuationHasNoWords() throws InvalidRecordException {
    assertThat(parser.parse("--- * ---"), empty());
  }

  @Test
  void aLineThatIsNotTextIsRejected() {
    assertThat(
        assertThrows(InvalidRecordException.class, () -> parser.parse("Jo\uFFFDce")).getMessage(),
        equalTo("not UTF-8 text (an undecodable byte at character 3)"));
    assertThat(
        assertThrows(InvalidRecordException.class, () -> parser.parse("Noman\u0007")).getMessage(),
        equalTo("control character U+0007 at character 6"));
  }
}
