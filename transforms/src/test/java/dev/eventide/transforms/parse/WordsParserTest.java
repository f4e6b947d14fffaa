package dev.eventide.transforms.parse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

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
        ParseLines.parseLine(parser, "Jo\uFFFDce").rejection(),
        equalTo("not UTF-8 text (an undecodable byte at character 3)"));
    assertThat(
        ParseLines.parseLine(parser, "Noman\u0007").rejection(),
        equalTo("control character U+0007 at character 6"));
  }

  @Test
  void aHugeLineOfJoinedPartsIsOneWord() throws InvalidRecordException {
    // A regular expression with a repeated group overflowed the stack on this line.
    String word = "a-".repeat(1_000_000) + "a";
    assertThat(parser.parse("x " + word + " y"), contains("x", word, "y"));
  }

  @Test
  void joinersOnlyJoinWordCharacters() throws InvalidRecordException {
    assertThat(parser.parse("-a- b_'c d’e 1-2 x--y z_"), contains("a", "b", "c", "d’e", "1-2", "x", "y", "z"));
    assertThat(parser.parse("Zoë́ 𝔘𝔫𝔦 ①②"), contains("Zoë́", "𝔘𝔫𝔦", "①②"));
  }
}
