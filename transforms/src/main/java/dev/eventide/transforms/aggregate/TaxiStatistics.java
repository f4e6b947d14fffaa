package dev.eventide.transforms.aggregate;

import dev.eventide.transforms.model.CabRide;
import dev.eventide.transforms.model.Statistic;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Mean;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.beam.sdk.transforms.Flatten;

/**
 * The summary's taxi statistics over ongoing trips: the most popular destination by passengers
 * carried there ({@value #POPULAR_DESTINATION}; every destination tied for the most), and the
 * average passengers per trip by pickup location ({@value #AVERAGE_BY_PICKUP}) and by driver
 * ({@value #AVERAGE_BY_DRIVER}). Cabs without an ongoing trip are left out and counted in
 * {@code eventide.taxi/notOngoing}; ongoing trips in {@code eventide.taxi/ongoing}.
 */
public final class TaxiStatistics extends PTransform<PCollection<CabRide>, PCollection<Statistic>> {

  public static final String POPULAR_DESTINATION = "popularDestination";
  public static final String AVERAGE_BY_PICKUP = "averagePassengersByPickup";
  public static final String AVERAGE_BY_DRIVER = "averagePassengersByDriver";

  private TaxiStatistics() {}

  public static TaxiStatistics create() {
    return new TaxiStatistics();
  }

  @Override
  public PCollection<Statistic> expand(PCollection<CabRide> rides) {
    PCollection<CabRide> trips = rides.apply("OngoingTrips", Filter.by(new IsOngoing()));
    PCollection<Statistic> popular =
        asStatistic(
            trips
                .apply("PassengersByDestination", passengersBy(CabRide::destination))
                .apply("TotalPerDestination", Sum.longsPerKey())
                .apply("MostPassengers", KeysWithLargestValue.create()),
            POPULAR_DESTINATION);
    PCollection<Statistic> byPickup = averagePassengers(trips, "Pickup", CabRide::pickup, AVERAGE_BY_PICKUP);
    PCollection<Statistic> byDriver = averagePassengers(trips, "Driver", CabRide::driver, AVERAGE_BY_DRIVER);
    return PCollectionList.of(popular).and(byPickup).and(byDriver).apply("AllStatistics", Flatten.pCollections());
  }

  private static PCollection<Statistic> averagePassengers(
      PCollection<CabRide> trips, String by, SerializableFunction<CabRide, String> key, String statistic) {
    return asStatistic(
        trips.apply("PassengersBy" + by, passengersBy(key)).apply("AveragePer" + by, Mean.perKey()), statistic);
  }

  private static MapElements<CabRide, KV<String, Long>> passengersBy(SerializableFunction<CabRide, String> key) {
    return MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
        .via(ride -> KV.of(key.apply(ride), (long) ride.passengers()));
  }

  private static <N extends Number> PCollection<Statistic> asStatistic(PCollection<KV<String, N>> values, String name) {
    return values
        .apply(
            "As" + name,
            MapElements.into(TypeDescriptor.of(Statistic.class))
                .via((KV<String, N> value) -> new Statistic(name, value.getKey(), value.getValue().doubleValue())))
        .setCoder(Statistic.StatisticCoder.of());
  }

  /** Keeps ongoing trips; counts both kinds. */
  private static final class IsOngoing implements SerializableFunction<CabRide, Boolean> {
    private final Counter ongoing = Metrics.counter("eventide.taxi", "ongoing");
    private final Counter notOngoing = Metrics.counter("eventide.taxi", "notOngoing");

    @Override
    public Boolean apply(CabRide ride) {
      (ride.ongoing() ? ongoing : notOngoing).inc();
      return ride.ongoing();
    }
  }
}
