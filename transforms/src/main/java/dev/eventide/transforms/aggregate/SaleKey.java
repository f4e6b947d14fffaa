package dev.eventide.transforms.aggregate;

import dev.eventide.transforms.model.Sale;
import java.util.Locale;

/** The field of a sale that results are grouped by. */
public enum SaleKey {
  MONTH,
  PRODUCT,
  CATEGORY;

  public String of(Sale sale) {
    return switch (this) {
      case MONTH -> sale.month();
      case PRODUCT -> sale.product();
      case CATEGORY -> sale.category();
    };
  }

  public static SaleKey parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "Invalid key '" + text + "': accepted are month, product and category");
    }
  }
}
