package dev.eventide.transforms.parse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.beam.sdk.values.KV;
import org.junit.jupiter.api.Test;

class IdValueParserTest {

  private final IdValueParser parser = IdValueParser.of("persons", "name");

  @Test
  void anIdAndItsValueTrimmed() throws InvalidRecordException {
    assertThat(parser.parse("1,John"), equalTo(KV.of("1", "John")));
    assertThat(parser.parse(" 12 , Mary Ann "), equalTo(KV.of("12", "Mary Ann")));
  }

  @Test
  void aMalformedLineSaysWhy() {
    assertThat(
        assertThrows(InvalidRecordException.class, () -> parser.parse("John")).getMessage(),
        equalTo("expected 2 fields (id,name) but found 1"));
    assertThat(assertThrows(InvalidRecordException.class, () -> parser.parse(",John")).getMessage(), equalTo("empty id"));
    assertThat(assertThrows(InvalidRecordException.class, () -> parser.parse("1,")).getMessage(), equalTo("empty name"));
    assertThat(
        assertThrows(InvalidRecordException.class, () -> parser.parse("1,Smith, John")).getMessage(),
        equalTo("expected 2 fields (id,name) but found 3"));
  }
}
