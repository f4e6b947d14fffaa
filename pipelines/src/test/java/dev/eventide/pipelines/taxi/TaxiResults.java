package dev.eventide.pipelines.taxi;

import dev.eventide.transforms.model.CabRide;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The taxi job's result lines for a list of rides, worked out with plain maps (no Beam). */
final class TaxiResults {

  private TaxiResults() {}

  static List<String> expected(List<CabRide> rides) {
    List<CabRide> trips = rides.stream().filter(CabRide::ongoing).toList();
    List<String> lines = new ArrayList<>();
    Map<String, Long> carried = new TreeMap<>();
    for (CabRide trip : trips) {
      carried.merge(trip.destination(), (long) trip.passengers(), Long::sum);
    }
    long most = carried.values().stream().mapToLong(Long::longValue).max().orElse(-1);
    carried.forEach((destination, total) -> {
      if (total == most) {
        lines.add(line("popularDestination", destination, Long.toString(total)));
      }
    });
    lines.addAll(averages(trips, "averagePassengersByPickup", CabRide::pickup));
    lines.addAll(averages(trips, "averagePassengersByDriver", CabRide::driver));
    return lines;
  }

  private static List<String> averages(List<CabRide> trips, String statistic, Function<CabRide, String> key) {
    Map<String, long[]> sumAndCount = new TreeMap<>();
    for (CabRide trip : trips) {
      long[] s = sumAndCount.computeIfAbsent(key.apply(trip), k -> new long[2]);
      s[0] += trip.passengers();
      s[1]++;
    }
    List<String> lines = new ArrayList<>();
    sumAndCount.forEach((k, s) -> {
      String value = s[0] % s[1] == 0 ? Long.toString(s[0] / s[1]) : Double.toString((double) s[0] / s[1]);
      lines.add(line(statistic, k, value));
    });
    return lines;
  }

  static String line(String statistic, String key, String value) {
    return "{\"statistic\":\"" + statistic + "\",\"key\":\"" + key + "\",\"value\":" + value + "}";
  }
}
