package dev.eventide.pipelines.taxi;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;

import dev.eventide.pipelines.JobRuns;
import dev.eventide.testing.junit.RunnerTest;
import dev.eventide.testing.junit.TestRunner;
import dev.eventide.transforms.io.CabRideGenerator;
import dev.eventide.transforms.model.CabRide;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.jupiter.api.io.TempDir;

/**
 * The taxi job as a user runs it, files in and JSON Lines out, on the DirectRunner and the
 * FlinkRunner in batch mode: a small file in the summary's format worked out by hand, and a
 * generated file checked against an independent calculation.
 */
class TaxiRunTest {

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void theSummarysFormatByHand(TestPipeline pipeline, @TempDir Path dir) throws IOException {
    Path input =
        JobRuns.writeCrlf(
            dir.resolve("cab_rides.txt"),
            "id_1,PB1,Sedan,Wanda,yes,Sector 1,Sector 10,5",
            "id_1,PB1,Sedan,Wanda,no,'null','null','null'",
            "id_1,PB1,Sedan,Wanda,yes,Sector 2,Sector 10,1",
            "id_2,PB2,SUV,Iris,yes,Sector 1,Sector 7,4",
            "id_2,PB2,SUV,Iris,yes,Sector 2,Sector 7,3",
            "id_2,PB2,SUV,Iris,no,'null','null','null'",
            "id_3,PB3,Mini,Noman,yes,Sector 1,Sector 3,2",
            "id_3,PB3,Mini,Noman,yes,Sector 1,Sector 10,two",
            "id_3,PB3,Mini,Noman,maybe,Sector 1,Sector 10,2",
            "id_4,PB4,Sedan,Erika,yes,Sector 3,Sector 3,5");
    TaxiOptions options = pipeline.getOptions().as(TaxiOptions.class);
    options.setInput(input.toString());
    options.setOutput(dir.resolve("out/taxi").toString());
    new TaxiJob().build(pipeline, options);
    pipeline.run().waitUntilFinish();

    // Passengers carried: Sector 10 5+1=6, Sector 7 4+3=7, Sector 3 2+5=7 (a tie: both are the
    // most popular). Per pickup: Sector 1 (5+4+2)/3, Sector 2 (1+3)/2, Sector 3 5/1. Per driver:
    // Wanda (5+1)/2, Iris (4+3)/2, Noman 2/1, Erika 5/1.
    assertThat(
        JobRuns.results(dir, "taxi"),
        containsInAnyOrder(
            TaxiResults.line("popularDestination", "Sector 7", "7"),
            TaxiResults.line("popularDestination", "Sector 3", "7"),
            TaxiResults.line("averagePassengersByPickup", "Sector 1", "3.6666666666666665"),
            TaxiResults.line("averagePassengersByPickup", "Sector 2", "2"),
            TaxiResults.line("averagePassengersByPickup", "Sector 3", "5"),
            TaxiResults.line("averagePassengersByDriver", "Wanda", "3"),
            TaxiResults.line("averagePassengersByDriver", "Iris", "3.5"),
            TaxiResults.line("averagePassengersByDriver", "Noman", "2"),
            TaxiResults.line("averagePassengersByDriver", "Erika", "5")));
    assertThat(
        JobRuns.deadLetters(dir, "taxi"),
        containsInAnyOrder(
            JobRuns.deadLetter("id_3,PB3,Mini,Noman,yes,Sector 1,Sector 10,two", "passengers 'two' is not a whole number"),
            JobRuns.deadLetter("id_3,PB3,Mini,Noman,maybe,Sector 1,Sector 10,2", "ongoingTrip 'maybe' is neither yes nor no")));
  }

  @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
  void generatedRidesMatchAnIndependentCalculation(TestPipeline pipeline, @TempDir Path dir) throws IOException {
    CabRideGenerator generator = new CabRideGenerator(5, 12, 0.03);
    int records = 3000;
    Path input = JobRuns.writeLines(dir.resolve("rides.txt"), generator, records);
    TaxiOptions options = pipeline.getOptions().as(TaxiOptions.class);
    options.setInput(input.toString());
    options.setOutput(dir.resolve("out/taxi").toString());
    new TaxiJob().build(pipeline, options);
    pipeline.run().waitUntilFinish();

    List<CabRide> rides = new ArrayList<>();
    List<String> malformed = new ArrayList<>();
    for (long i = 0; i < records; i++) {
      Optional<CabRide> ride = generator.ride(i);
      if (ride.isPresent()) {
        rides.add(ride.get());
      } else {
        malformed.add(generator.line(i));
      }
    }
    assertThat(JobRuns.results(dir, "taxi"), containsInAnyOrder(TaxiResults.expected(rides).toArray()));
    assertThat(JobRuns.deadLetterInputs(dir, "taxi"), containsInAnyOrder(malformed.toArray()));
  }
}
