package dev.eventide.transforms.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventide.transforms.model.Sale;
import dev.eventide.transforms.parse.InvalidRecordException;
import dev.eventide.transforms.parse.SaleParser;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SaleGeneratorTest {

  private final SaleParser parser = new SaleParser();
  private final SaleGenerator generator =
      SaleGenerator.orderly(7).withDisorder(800).withLate(0.05, 3000).withMalformed(0.03);

  @Test
  void theSameSeedGivesTheSameLines() {
    SaleGenerator again =
        SaleGenerator.orderly(7).withDisorder(800).withLate(0.05, 3000).withMalformed(0.03);
    for (long i = 0; i < 1000; i++) {
      assertThat(again.line(i), equalTo(generator.line(i)));
    }
    assertThat(SaleGenerator.orderly(8).line(0).equals(SaleGenerator.orderly(7).line(0)), equalTo(false));
  }

  @Test
  void wellFormedLinesParseBackToTheirSaleAndMalformedOnesAreRejected() throws Exception {
    int malformed = 0;
    for (long i = 0; i < 2000; i++) {
      Optional<Sale> sale = generator.sale(i);
      String line = generator.line(i);
      if (sale.isPresent()) {
        assertThat(parser.parse(line), equalTo(sale.get()));
      } else {
        malformed++;
        assertThrows(InvalidRecordException.class, () -> parser.parse(line), line);
      }
    }
    assertThat(malformed, both(greaterThan(20)).and(lessThan(100)));
  }

  @Test
  void disorderStaysWithinItsBoundAndLateSalesAreBehindTheWatermark() {
    int late = 0;
    for (long i = 0; i < 2000; i++) {
      Optional<Sale> sale = generator.sale(i);
      if (sale.isEmpty()) {
        continue;
      }
      long eventTime = sale.get().eventTime().getMillis();
      long watermark = generator.watermarkAfter(i).getMillis();
      assertThat(eventTime, lessThanOrEqualTo(generator.arrival(i).getMillis()));
      if (eventTime < watermark) {
        late++;
        assertThat(eventTime, lessThanOrEqualTo(watermark - 3000));
      } else {
        assertThat(eventTime, greaterThanOrEqualTo(watermark));
      }
    }
    assertThat(late, both(greaterThan(50)).and(lessThan(160)));
  }

  @Test
  void theWatermarkOnlyMovesForward() {
    for (long i = 1; i < 1000; i++) {
      assertThat(generator.watermarkAfter(i).isAfter(generator.watermarkAfter(i - 1)), equalTo(true));
    }
  }
}
