package dev.eventide.testing.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.api.java.ExecutionEnvironment;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded Flink MiniCluster for every Flink test of a JVM. While a test runs {@link
 * #asContext()}, the cluster is Flink's context environment, streaming and batch alike, so a
 * pipeline run with {@code --flinkMaster=[auto]} submits its job to it, the way a job submitted
 * with Flink's own client would, instead of starting and stopping a cluster of its own ({@code
 * [local]}) for every test. Outside that scope no context is installed, because Flink refuses a
 * {@code [local]} environment while one is.
 */
public final class SharedMiniCluster {

  private static final Logger LOG = LoggerFactory.getLogger(SharedMiniCluster.class);
  private static final String TARGET = "eventide-shared-minicluster";
  /** Enough for two jobs of parallelism 2 at once, with slot sharing. */
  private static final int SLOTS = 4;

  private static MiniCluster cluster;
  private static PipelineExecutorServiceLoader executors;
  private static Configuration clientConfiguration;

  private SharedMiniCluster() {}

  /** Starts the cluster, once per JVM. */
  public static synchronized void ensureStarted() {
    if (cluster != null) {
      return;
    }
    Configuration configuration = new Configuration();
    configuration.set(TaskManagerOptions.NUM_TASK_SLOTS, SLOTS);
    // Loopback only, on a free port: never in the way of a cluster on 8081.
    configuration.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    configuration.set(RestOptions.ADDRESS, "127.0.0.1");
    configuration.set(RestOptions.BIND_PORT, "0");
    MiniCluster started =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(SLOTS)
                .build());
    try {
      started.start();
    } catch (Exception e) {
      throw new IllegalStateException("Could not start the shared Flink MiniCluster", e);
    }
    cluster = started;
    Runtime.getRuntime().addShutdownHook(new Thread(SharedMiniCluster::close, "close-minicluster"));

    clientConfiguration = new Configuration();
    clientConfiguration.set(DeploymentOptions.TARGET, TARGET);
    clientConfiguration.set(DeploymentOptions.ATTACHED, true);
    executors = new Executors(started);
    LOG.info("Shared Flink MiniCluster started with {} slots", SLOTS);
  }

  /**
   * Makes the cluster (started if need be) the context environment until the returned scope is
   * closed.
   */
  public static synchronized AutoCloseable asContext() {
    ensureStarted();
    PipelineExecutorServiceLoader loader = executors;
    Configuration client = clientConfiguration;
    ClassLoader classLoader = SharedMiniCluster.class.getClassLoader();
    StreamContext.install(
        conf -> {
          Configuration merged = new Configuration(client);
          merged.addAll(conf);
          return new StreamExecutionEnvironment(loader, merged, classLoader);
        });
    BatchContext.install(() -> new ExecutionEnvironment(loader, new Configuration(client), classLoader));
    return () -> {
      StreamContext.reset();
      BatchContext.reset();
    };
  }

  private static synchronized void close() {
    if (cluster != null) {
      try {
        cluster.close();
      } catch (Exception e) {
        LOG.warn("Closing the shared Flink MiniCluster failed: {}", e.toString());
      }
      cluster = null;
    }
  }

  /** Submits a job's graph to the cluster and follows it there. */
  private record Executors(MiniCluster cluster) implements PipelineExecutorServiceLoader, PipelineExecutorFactory, PipelineExecutor {
    @Override
    public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
      return this;
    }

    @Override
    public Stream<String> getExecutorNames() {
      return Stream.of(TARGET);
    }

    @Override
    public String getName() {
      return TARGET;
    }

    @Override
    public boolean isCompatibleWith(Configuration configuration) {
      return TARGET.equals(configuration.get(DeploymentOptions.TARGET));
    }

    @Override
    public PipelineExecutor getExecutor(Configuration configuration) {
      return this;
    }

    @Override
    public CompletableFuture<JobClient> execute(
        Pipeline pipeline, Configuration configuration, ClassLoader userCodeClassLoader)
        throws Exception {
      JobGraph job = PipelineExecutorUtils.getJobGraph(pipeline, configuration, userCodeClassLoader);
      return cluster
          .submitJob(job)
          .thenApply(
              submitted ->
                  new MiniClusterJobClient(
                      submitted.getJobID(),
                      cluster,
                      userCodeClassLoader,
                      MiniClusterJobClient.JobFinalizationBehavior.NOTHING));
    }
  }

  /** Access to Flink's protected hook for the streaming context environment. */
  private static final class StreamContext extends StreamExecutionEnvironment {
    static void install(org.apache.flink.streaming.api.environment.StreamExecutionEnvironmentFactory factory) {
      initializeContextEnvironment(factory);
    }

    static void reset() {
      resetContextEnvironment();
    }
  }

  /** Access to Flink's protected hook for the batch (DataSet) context environment. */
  private static final class BatchContext extends ExecutionEnvironment {
    static void install(org.apache.flink.api.java.ExecutionEnvironmentFactory factory) {
      initializeContextEnvironment(factory);
    }

    static void reset() {
      resetContextEnvironment();
    }
  }
}
