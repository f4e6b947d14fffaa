package dev.eventide.testing.junit;

import dev.eventide.testing.cluster.SharedMiniCluster;
import java.lang.reflect.Method;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Makes the JVM's one {@link SharedMiniCluster} Flink's context while a {@link RunnerTest}
 * invocation whose pipeline is aimed at it ({@code --flinkMaster=[auto]}) runs; other runners and
 * masters run as they are.
 */
final class SharedMiniClusterContext implements InvocationInterceptor {

  private final PipelineOptions options;

  SharedMiniClusterContext(PipelineOptions options) {
    this.options = options;
  }

  @Override
  public void interceptTestTemplateMethod(
      Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context)
      throws Throwable {
    boolean flink = options.getRunner().getSimpleName().contains("Flink");
    if (!flink || !"[auto]".equals(options.as(FlinkPipelineOptions.class).getFlinkMaster())) {
      invocation.proceed();
      return;
    }
    try (AutoCloseable flinkContext = SharedMiniCluster.asContext()) {
      invocation.proceed();
    }
  }
}
