package dev.eventide.transforms.options;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventide.transforms.aggregate.SaleKey;
import dev.eventide.transforms.windowing.ApplyWindowing.Accumulation;
import org.junit.jupiter.api.Test;

class EnumOptionTest {

  @Test
  void readsValuesInAnyCase() {
    assertThat(SaleKey.parse(" Product "), equalTo(SaleKey.PRODUCT));
    assertThat(Accumulation.parse("DISCARDING"), equalTo(Accumulation.DISCARDING));
  }

  @Test
  void rejectsOtherValuesListingTheAcceptedOnes() {
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> SaleKey.parse("city")).getMessage(),
        equalTo("Invalid key 'city': accepted are month, product, category"));
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> Accumulation.parse(null)).getMessage(),
        equalTo("Invalid accumulation 'null': accepted are accumulating, discarding"));
  }
}
