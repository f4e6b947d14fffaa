package dev.eventide.transforms.aggregate;

import dev.eventide.transforms.model.Sale;
import dev.eventide.transforms.options.EnumOption;

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
    return EnumOption.parse(SaleKey.class, "key", text);
  }
}
