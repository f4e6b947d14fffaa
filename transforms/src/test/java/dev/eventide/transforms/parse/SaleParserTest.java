package dev.eventide.transforms.parse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventide.transforms.model.Sale;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SaleParserTest {

  private final SaleParser parser = new SaleParser();

  @Test
  void readsTheSummaryFormatWithADayDateAtMidnightUtc() throws Exception {
    assertThat(
        parser.parse("01-06-2018,June,Category5,Bat,12"),
        equalTo(new Sale(Instant.parse("2018-06-01T00:00:00Z"), "June", "Category5", "Bat", 12)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2018-06-01T10:15:30Z,June,C,Bat,1           | 2018-06-01T10:15:30Z",
        "2018-06-01T10:15:30.250Z,June,C,Bat,1       | 2018-06-01T10:15:30.250Z",
        "2018-06-01T12:15:30+02:00,June,C,Bat,1      | 2018-06-01T10:15:30Z",
        "29-02-2020,February,C,Bat,1                 | 2020-02-29T00:00:00Z",
        "1-6-2018,June,C,Bat,1                       | 2018-06-01T00:00:00Z",
      })
  void readsIsoInstantsAsEventTime(String line, String expected) throws Exception {
    assertThat(parser.parse(line).eventTime(), equalTo(Instant.parse(expected)));
  }

  @Test
  void trimsFieldsAndAcceptsNegativeProfit() throws Exception {
    assertThat(
        parser.parse("01-06-2018 ,  June , Category5 ,Bat , -7"),
        equalTo(new Sale(Instant.parse("2018-06-01T00:00:00Z"), "June", "Category5", "Bat", -7)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "01-06-2018,June,Category5,Bat                | expected 5 fields (date,month,category,product,profit) but found 4",
        "01-06-2018,June,Category5,Bat,12,extra       | expected 5 fields (date,month,category,product,profit) but found 6",
        "31-02-2018,June,Category5,Bat,12             | bad date '31-02-2018': expected dd-MM-yyyy or an ISO-8601 instant such as 2018-06-01T10:15:30Z",
        "2018-06-01,June,Category5,Bat,12             | bad date '2018-06-01': expected dd-MM-yyyy or an ISO-8601 instant such as 2018-06-01T10:15:30Z",
        "2018-06-01T25:00:00Z,June,Category5,Bat,12   | bad date '2018-06-01T25:00:00Z': expected dd-MM-yyyy or an ISO-8601 instant such as 2018-06-01T10:15:30Z",
        "01-06-2018,,Category5,Bat,12                 | empty month",
        "01-06-2018,June, ,Bat,12                     | empty category",
        "01-06-2018,June,Category5,,12                | empty product",
        "01-06-2018,June,Category5,Bat,12.5           | profit '12.5' is not a whole number",
        "01-06-2018,June,Category5,Bat,twelve         | profit 'twelve' is not a whole number",
        "01-06-2018,June,Category5,Bat,               | profit '' is not a whole number",
        "01-06-2018,June,Category5,Bat,2147483648     | profit '2147483648' is out of range [-2147483648, 2147483647]",
        "01-06-2018,June,Category5,Bat,-99999999999   | profit '-99999999999' is out of range [-2147483648, 2147483647]",
      })
  void rejectsMalformedLinesWithTheReason(String line, String reason) {
    InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> parser.parse(line));
    assertThat(e.getMessage(), equalTo(reason));
  }

  @Test
  void rejectionsCarryNoStackTrace() {
    InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> parser.parse("x"));
    assertThat(e.getStackTrace().length, equalTo(0));
  }
}
