package dev.eventide.transforms.io;

import java.util.List;
import java.util.SplittableRandom;

/** First names the generators draw from, a few of them far more often than the rest, as in real data. */
final class Names {

  static final List<String> FIRST_NAMES =
      List.of(
          "Noman", "Joyce", "Sayuri", "Frances", "Isidore", "Nipun", "Rebekah", "Gustav", "Kaori", "Itoe",
          "Sachiko", "Shary", "Ana", "Nipul", "Chris", "Akane", "Ivan", "Nicole", "Allison", "Victor",
          "Wanda", "Iris", "Erika", "Reina", "Nanaho", "Isaac", "Rafael", "Debby", "Paloma", "Hanna",
          "John", "Albert", "Lui", "Smith", "Robert", "Zoë", "Jean-Luc", "O'Neil");

  private Names() {}

  /** A name, skewed towards the front of the list. */
  static String pick(SplittableRandom random) {
    return FIRST_NAMES.get(random.nextInt(random.nextInt(FIRST_NAMES.size()) + 1));
  }
}
