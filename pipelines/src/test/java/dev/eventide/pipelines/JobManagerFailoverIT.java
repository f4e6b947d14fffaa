package dev.eventide.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.eventide.testing.cluster.ScriptServers;
import dev.eventide.testing.cluster.ScriptServers.FlinkCluster;
import dev.eventide.testing.cluster.ScriptServers.HighAvailabilityFlinkCluster;
import dev.eventide.testing.cluster.ScriptServers.KafkaBroker;
import dev.eventide.testing.scripts.Scripts.Result;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * JobManager failover: the exactly-once sales job from Kafka to Kafka on a cluster with ZooKeeper
 * high availability ({@code flink-cluster.sh start --ha}) loses its leading JobManager (kill -9)
 * mid-stream; the standby takes over, recovers the job (same id) from its last completed
 * checkpoint, and every window result is committed exactly once. Then the killed JobManager comes
 * back as the standby and the other one is killed. The same kill on a cluster without high
 * availability loses the job.
 */
@ExtendWith(ScriptServers.class)
class JobManagerFailoverIT {

  private static final Pattern TAKEOVER = Pattern.compile("JobManager (\\S+) leads after (\\d+) s");

  @Test
  void theStandbyTakesOverTheJobExactlyOnceThroughTwoJobManagerKills(HighAvailabilityFlinkCluster ha, KafkaBroker kafka) throws Exception {
    FlinkCluster flink = ha.flink();
    Set<String> expected = KafkaDrill.expectedResults();
    KafkaDrill drill = new KafkaDrill(flink, kafka, "ha", 3, "--exactlyOnce=true", "--checkpointingInterval=2000");
    String job = drill.submit();
    CompletableFuture<Result> replay = drill.replay();

    drill.awaitResults(20);
    String firstLeader = leaderIn(flink);
    Result first = killLeader(flink);
    awaitRunning(flink, job);
    // The killed JobManager comes back as the standby; then the new leader dies too.
    Result restart = flink.scripts().run("flink-cluster.sh", "start", flink.workdirOption());
    assertThat(restart.output(), restart.status(), equalTo(0));
    assertThat(restart.output(), containsString("Restarted JobManager " + firstLeader));
    // Twenty more results, unless all but the last windows (which wait for the closing line) are out.
    drill.awaitResults(Math.min(drill.committedResults().size() + 20, expected.size() - 2));
    Result second = killLeader(flink);
    assertThat("the first leader leads again", takeover(second).group(1), equalTo(firstLeader));
    awaitRunning(flink, job);
    assertThat(replay.get(2, TimeUnit.MINUTES).status(), equalTo(0));

    drill.closeAllWindows();
    drill.waitForResults(r -> r.size() >= expected.size(), 180);
    KafkaDrill.awaitTwoMoreCheckpoints(flink, job);
    List<String> results = drill.committedResults();
    String checkpoints = KafkaDrill.restGet(flink, "/jobs/" + job + "/checkpoints");
    drill.cancel(job);

    System.out.printf(
        "JobManager failover: takeover after a kill -9 of the leader in %s s and %s s%n", takeover(first).group(2), takeover(second).group(2));
    // Recovered from a checkpoint, not started over: the restored checkpoint has an id.
    assertThat(checkpoints, containsString("\"restored\":{\"id\":"));
    assertThat(results, containsInAnyOrder(expected.toArray()));
  }

  @Test
  void withoutHighAvailabilityTheSameKillLosesTheJob(FlinkCluster flink, KafkaBroker kafka) throws Exception {
    KafkaDrill drill = new KafkaDrill(flink, kafka, "no-ha", 3, "--exactlyOnce=true", "--checkpointingInterval=2000");
    String job = drill.submit();
    KafkaDrill.awaitAllTasksRunning(flink, job, 1);
    // Checkpoints are complete: with high availability the job would be recovered from one.
    KafkaDrill.awaitCheckpoints(flink, job, 1);
    Result kill = flink.scripts().run("flink-cluster.sh", "kill-jobmanager", flink.workdirOption());
    assertThat(kill.output(), kill.status(), equalTo(0));
    Result restart = flink.scripts().run("flink-cluster.sh", "start", flink.workdirOption());
    assertThat(restart.output(), restart.status(), equalTo(0));

    // The JobManager came back without the job: nothing runs it, from any checkpoint.
    assertThat(KafkaDrill.restGet(flink, "/jobs/overview"), not(containsString(job)));
  }



  private static Result killLeader(FlinkCluster flink) throws Exception {
    Result kill = flink.scripts().run("flink-cluster.sh", "kill-jobmanager", flink.workdirOption());
    assertThat(kill.output(), kill.status(), equalTo(0));
    takeover(kill);
    return kill;
  }

  private static Matcher takeover(Result kill) {
    Matcher m = TAKEOVER.matcher(kill.output());
    if (!m.find()) {
      throw new AssertionError("no takeover in:\n" + kill.output());
    }
    return m;
  }

  private static String leaderIn(FlinkCluster flink) throws Exception {
    Result status = flink.scripts().run("flink-cluster.sh", "status", flink.workdirOption());
    return status.output().lines()
        .filter(l -> l.contains(": leader,"))
        .map(l -> l.split(" ")[1].replace(":", ""))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no leader in:\n" + status.output()));
  }

  /** Waits until the job runs again under the new leader (its id unchanged). */
  private static void awaitRunning(FlinkCluster flink, String job) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    String state = "";
    while (System.nanoTime() < deadline) {
      state = KafkaDrill.restGet(flink, "/jobs/" + job);
      if (state.contains("\"state\":\"RUNNING\"")) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("job " + job + " not running again after 120 s: " + state);
  }
}
