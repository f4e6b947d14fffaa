package dev.eventide.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.eventide.testing.cluster.ScriptServers;
import dev.eventide.testing.cluster.ScriptServers.FlinkCluster;
import dev.eventide.testing.cluster.ScriptServers.KafkaBroker;
import dev.eventide.testing.scripts.Scripts.Result;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Kafka outage mid-stream: the broker the exactly-once sales job reads from and writes to stops
 * for 15 s while results flow, then starts again on the same port and data. The job goes on by
 * itself and every window result is committed exactly once. With writes that may not wait for the
 * broker ({@code --kafkaWriteTimeout}) and no restarts, a second job fails in the same outage, so
 * the check is known to be able to fail.
 */
@ExtendWith(ScriptServers.class)
class KafkaOutageIT {

  private static final long OUTAGE_MILLIS = 15_000;

  @Test
  void theJobRidesOutAFifteenSecondBrokerOutageExactlyOnceWhereWritesThatMayNotWaitFail(FlinkCluster flink, KafkaBroker kafka) throws Exception {
    Set<String> expected = KafkaDrill.expectedResults();
    KafkaDrill drill = new KafkaDrill(flink, kafka, "outage", 3, "--exactlyOnce=true", "--checkpointingInterval=2000");
    // The control, through the same outage: the broker stops just after one of its checkpoints,
    // every 10 s, so the results that close meanwhile wait for the next, which comes within the
    // outage, and their write, which may wait 2 s, finds no broker.
    KafkaDrill control =
        new KafkaDrill(
            flink, kafka, "outage-control", 3, "--exactlyOnce=true", "--checkpointingInterval=10000",
            "--kafkaWriteTimeout=2s", "--numberOfExecutionRetries=0");
    String job = drill.submit();
    String controlJob = control.submit();
    // 40 s of sales for each (the control's twice as many, faster): the broker stops at most
    // about 25 s in, so the replays pause through the outage and go on, and results flow when it
    // is back.
    CompletableFuture<Result> replay = drill.replay(75);
    CompletableFuture<Result> controlReplay = control.replay(150, 6000);
    drill.awaitResults(20);
    // The control commits every 10 s: its first results, then its next checkpoint.
    control.awaitResults(1);
    KafkaDrill.awaitCheckpoints(flink, controlJob, KafkaDrill.completedCheckpoints(flink, controlJob) + 1);
    // Sales still flow (the job's next results are in): the control's next ones, after its
    // checkpoint, wait for the next, inside the outage.
    drill.awaitResults(Math.min(drill.committedResults().size() + 1, expected.size() - 2));

    outage(kafka);
    long back = System.nanoTime();
    int atReturn = drill.committedResults().size();
    // The next result, unless all but the last windows (which wait for the closing line) are out.
    drill.awaitResults(Math.min(atReturn + 1, expected.size() - 2));
    double recovery = (System.nanoTime() - back) / 1e9;
    assertThat(replay.get(3, TimeUnit.MINUTES).status(), equalTo(0));
    assertThat(controlReplay.get(3, TimeUnit.MINUTES).status(), equalTo(0));
    drill.closeAllWindows();
    drill.waitForResults(r -> r.size() >= expected.size(), 180);
    KafkaDrill.awaitTwoMoreCheckpoints(flink, job);
    List<String> results = drill.committedResults();
    String state = KafkaDrill.restGet(flink, "/jobs/" + job);
    drill.cancel(job);
    String controlState = awaitEnd(flink, controlJob);
    KafkaDrill.cancelIfRunning(flink, controlJob);

    System.out.printf("Kafka outage of %d s: the next result %.1f s after the broker was back%n", OUTAGE_MILLIS / 1000, recovery);
    assertThat(state, containsString("\"state\":\"RUNNING\""));
    assertThat("no restart", KafkaDrill.exceptions(flink, job), containsString("\"entries\":[]"));
    assertThat(results, containsInAnyOrder(expected.toArray()));
    assertThat(controlState, containsString("\"state\":\"FAILED\""));
    assertThat(KafkaDrill.exceptions(flink, controlJob), containsString("Timeout"));
  }

  /** Stops the broker for {@link #OUTAGE_MILLIS} and starts it again on the same port and data. */
  private static void outage(KafkaBroker kafka) throws Exception {
    Result stop = kafka.scripts().run("kafka.sh", "stop", kafka.workdirOption());
    assertThat(stop.output(), stop.status(), equalTo(0));
    // The outage itself: its length is the scenario, not a wait for something.
    Thread.sleep(OUTAGE_MILLIS);
    Result start = kafka.scripts().run("kafka.sh", "start", kafka.workdirOption(), kafka.portOption());
    assertThat(start.output(), start.status(), equalTo(0));
  }

  /** Waits (up to 3 minutes) for the job to end; returns its REST state. */
  private static String awaitEnd(FlinkCluster flink, String job) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    String state = "";
    while (System.nanoTime() < deadline) {
      state = KafkaDrill.restGet(flink, "/jobs/" + job);
      if (state.contains("\"state\":\"FAILED\"") || state.contains("\"state\":\"FINISHED\"") || state.contains("\"state\":\"CANCELED\"")) {
        return state;
      }
      Thread.sleep(500);
    }
    return state;
  }
}
