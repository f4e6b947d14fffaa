package dev.eventide.transforms.parse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventide.transforms.model.CabRide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CabRideParserTest {

  private final CabRideParser parser = new CabRideParser();

  @Test
  void anOngoingTrip() throws InvalidRecordException {
    assertThat(
        parser.parse("id_4214,PB7526,Sedan,Wanda,yes,Sector 19,Sector 10,5"),
        equalTo(new CabRide("id_4214", "PB7526", "Sedan", "Wanda", true, "Sector 19", "Sector 10", 5)));
  }

  @Test
  void aCabWithoutAnOngoingTripWhateverItsTripFieldsHold() throws InvalidRecordException {
    CabRide idle = new CabRide("id_4214", "PB7526", "Sedan", "Wanda", false, null, null, 0);
    assertThat(parser.parse("id_4214,PB7526,Sedan,Wanda,no,'null','null','null'"), equalTo(idle));
    assertThat(parser.parse("id_4214,PB7526,Sedan,Wanda,NO,,,"), equalTo(idle));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "id_1,PB1,Sedan,Wanda,yes,Sector 1,Sector 2|expected 8 fields (cabId,plate,cabType,driver,ongoingTrip,pickup,destination,passengers) but found 7",
        "id_1,PB1,Sedan,Wanda,yes,Sector 1,Sector 2,two|passengers 'two' is not a whole number",
        "id_1,PB1,Sedan,Wanda,yes,Sector 1,Sector 2,-1|passengers '-1' is out of range [0, 2147483647]",
        "id_1,PB1,Sedan,Wanda,maybe,Sector 1,Sector 2,2|ongoingTrip 'maybe' is neither yes nor no",
        "id_1,PB1,Sedan,Wanda,yes,'null','null','null'|an ongoing trip has no pickup",
        "id_1,PB1,Sedan,Wanda,yes,Sector 1,,2|empty destination",
        "id_1,PB1,Sedan,,yes,Sector 1,Sector 2,2|empty driver"
      })
  void aMalformedLineSaysWhy(String line, String reason) {
    InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> parser.parse(line));
    assertThat(e.getMessage(), equalTo(reason));
  }
}
