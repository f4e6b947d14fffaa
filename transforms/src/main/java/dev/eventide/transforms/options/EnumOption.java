package dev.eventide.transforms.options;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Reads an option whose values are an enum's constants, written in any case. */
public final class EnumOption {

  private EnumOption() {}

  /**
   * The constant of {@code type} named {@code text}; otherwise an IllegalArgumentException saying
   * what the {@code option} accepts.
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String option, String text) {
    String name = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(name)) {
        return constant;
      }
    }
    String accepted =
        Arrays.stream(type.getEnumConstants())
            .map(c -> c.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "));
    throw new IllegalArgumentException(
        "Invalid " + option + " '" + text + "': accepted are " + accepted);
  }
}
