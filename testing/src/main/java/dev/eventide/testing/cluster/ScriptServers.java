package dev.eventide.testing.cluster;

import dev.eventide.testing.scripts.Scripts;
import dev.eventide.testing.scripts.Scripts.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The servers of the project's scripts, started once for all the integration tests of a JVM and
 * stopped when the run ends: a standalone Flink session cluster ({@code scripts/flink-cluster.sh},
 * two TaskManagers of two slots, so one can be killed while the other takes over), a Kafka broker
 * ({@code scripts/kafka.sh}) and, for the tests that ask for it, a Flink cluster with ZooKeeper
 * high availability ({@code flink-cluster.sh start --ha}: two JobManagers, one TaskManager), each
 * on free loopback ports with its work folder under {@code target/}. A test asks for one as a
 * parameter:
 *
 * <pre>{@code
 * @ExtendWith(ScriptServers.class)
 * class MyIT {
 *   @Test void runs(FlinkCluster cluster, KafkaBroker kafka) { ... }
 * }
 * }</pre>
 *
 * <p>Stopping checks that every process the scripts started is gone.
 */
public final class ScriptServers implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ScriptServers.class);
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final Path TARGET = Path.of(System.getProperty("user.dir"), "target");

  /** The running Flink cluster: its work folder and the scripts (give them {@link #workdirOption()}). */
  public record FlinkCluster(Path workdir, Scripts scripts) {
    /** {@code --workdir=<this cluster's work folder>}, for the cluster scripts. */
    public String workdirOption() {
      return "--workdir=" + workdir;
    }

    /** The Flink job id that {@code scripts/submit.sh} printed ("Job id: ..."). */
    public static String jobIdIn(Result submitted) {
      return submitted.output().lines()
          .filter(l -> l.startsWith("Job id: "))
          .map(l -> l.substring("Job id: ".length()).strip())
          .findFirst()
          .orElseThrow(() -> new AssertionError("no job id in:\n" + submitted.output()));
    }

    /** The REST API and dashboard, {@code http://127.0.0.1:<port>}. */
    public String restUrl() throws IOException {
      return "http://127.0.0.1:" + Files.readString(workdir.resolve("rest-port")).strip();
    }
  }

  /** The running Flink cluster with high availability (two JobManagers, leader elected through ZooKeeper). */
  public record HighAvailabilityFlinkCluster(FlinkCluster flink) {}

  /** The running Kafka broker: {@code host:port} and its scripts. */
  public record KafkaBroker(String bootstrapServers, Path workdir, Scripts scripts) {
    /** The broker's port, which a restart ({@code kafka.sh start --port=}) must keep. */
    public String portOption() {
      return "--port=" + bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1);
    }

    /** {@code --workdir=<this broker's work folder>}, for {@code kafka.sh start|stop}. */
    public String workdirOption() {
      return "--workdir=" + workdir;
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == FlinkCluster.class || type == KafkaBroker.class || type == HighAvailabilityFlinkCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    if (parameter.getParameter().getType() == FlinkCluster.class) {
      return store.getOrComputeIfAbsent("flink", k -> startFlink(), Running.class).server;
    }
    if (parameter.getParameter().getType() == HighAvailabilityFlinkCluster.class) {
      return store.getOrComputeIfAbsent("flink-ha", k -> startHighAvailabilityFlink(), Running.class).server;
    }
    return store.getOrComputeIfAbsent("kafka", k -> startKafka(), Running.class).server;
  }

  private static Running startFlink() {
    Path work = TARGET.resolve("it-flink");
    Scripts scripts = fresh(work);
    run(scripts, "flink-cluster.sh", "start", "--workdir=" + work, "--port=" + freePort(), "--taskmanagers=2", "--slots=2");
    return new Running(new FlinkCluster(work, scripts), scripts, "flink-cluster.sh", work);
  }

  private static Running startHighAvailabilityFlink() {
    Path work = TARGET.resolve("it-flink-ha");
    Scripts scripts = fresh(work);
    // Two JobManagers take two REST ports from the one given.
    int port = freePort();
    while (!free(port + 1)) {
      port = freePort();
    }
    run(scripts, "flink-cluster.sh", "start", "--workdir=" + work, "--port=" + port, "--ha", "--taskmanagers=1", "--slots=2");
    FlinkCluster flink = new FlinkCluster(work, scripts);
    return new Running(new HighAvailabilityFlinkCluster(flink), scripts, "flink-cluster.sh", work);
  }

  private static Running startKafka() {
    Path work = TARGET.resolve("it-kafka-shared");
    Scripts scripts = fresh(work);
    int port = freePort();
    run(scripts, "kafka.sh", "start", "--workdir=" + work, "--port=" + port);
    return new Running(new KafkaBroker("127.0.0.1:" + port, work, scripts), scripts, "kafka.sh", work);
  }

  /** A started server; closing it (at the end of the run) stops it and checks its processes are gone. */
  private static final class Running implements ExtensionContext.Store.CloseableResource {
    final Object server;
    private final Scripts scripts;
    private final String script;
    private final Path work;

    Running(Object server, Scripts scripts, String script, Path work) {
      this.server = server;
      this.scripts = scripts;
      this.script = script;
      this.work = work;
    }

    @Override
    public void close() throws Exception {
      List<Long> pids = pids(work);
      run(scripts, script, "stop", "--workdir=" + work);
      for (long pid : pids) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          throw new AssertionError(script + " stop left process " + pid + " running");
        }
      }
    }
  }

  private static List<Long> pids(Path work) throws IOException {
    List<Long> pids = new ArrayList<>();
    Path dir = work.resolve("pid");
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.toList()) {
          pids.add(Long.parseLong(Files.readString(f).strip()));
        }
      }
    } else if (Files.exists(work.resolve("kafka.pid"))) {
      pids.add(Long.parseLong(Files.readString(work.resolve("kafka.pid")).strip()));
    }
    // The ZooKeeper an HA cluster started for itself, which its stop stops too.
    Path zookeeper = work.resolve("zookeeper").resolve("zookeeper.pid");
    if (Files.exists(zookeeper)) {
      pids.add(Long.parseLong(Files.readString(zookeeper).strip()));
    }
    return pids;
  }

  private static void run(Scripts scripts, String name, String... args) {
    try {
      Result result = scripts.run(name, args);
      if (result.status() != 0) {
        throw new IllegalStateException("scripts/" + name + " " + String.join(" ", args) + " failed:\n" + result.output());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Scripts fresh(Path work) {
    clear(work);
    return Scripts.of(ROOT, work.resolve("scripts"));
  }

  /** Deletes a work folder left by an earlier run, with all it holds. */
  public static void clear(Path work) {
    if (!Files.exists(work)) {
      return;
    }
    try (Stream<Path> all = Files.walk(work)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A TCP port on loopback that nothing listens on now. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
