package dev.eventide.testing.junit;

import dev.eventide.testing.cluster.SharedMiniCluster;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.ApplicationNameOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineOptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;

/**
 * JUnit 5 support for Beam's {@link TestPipeline}, which Beam 2.62 only offers as a JUnit 4 rule.
 *
 * <p>A test method declares a {@code TestPipeline} parameter; the extension creates it and runs the
 * test body inside Beam's own rule, so Beam's checks are kept: a test that builds a pipeline and
 * never calls {@code run()} fails, and transforms applied after {@code run()} are reported as
 * abandoned nodes.
 *
 * <p>Registered with {@code @ExtendWith(TestPipelineExtension.class)}, the options come from
 * {@code -DbeamTestPipelineOptions} (as with Beam's rule; absent, the DirectRunner). {@link
 * RunnerTest} registers one instance per runner instead.
 */
public class TestPipelineExtension implements ParameterResolver, InvocationInterceptor {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TestPipelineExtension.class);

  private final Supplier<PipelineOptions> options;
  private final boolean perRunner;

  /** Options from {@code -DbeamTestPipelineOptions}, exactly as Beam's JUnit 4 rule reads them. */
  public TestPipelineExtension() {
    this(TestPipeline::testingPipelineOptions, false);
  }

  private TestPipelineExtension(Supplier<PipelineOptions> options, boolean perRunner) {
    this.options = options;
    this.perRunner = perRunner;
  }

  /** An extension whose pipelines run on {@code runner}, with {@code extraArgs} added. */
  public static TestPipelineExtension on(TestRunner runner, String... extraArgs) {
    return new TestPipelineExtension(() -> optionsFor(runner, extraArgs), true);
  }

  /** Test options for a runner, set up the way Beam's {@code testingPipelineOptions()} does. */
  public static PipelineOptions optionsFor(TestRunner runner, String... extraArgs) {
    TestPipelineOptions options =
        PipelineOptionsFactory.fromArgs(runner.argsWith(extraArgs)).as(TestPipelineOptions.class);
    options.setStableUniqueNames(PipelineOptions.CheckEnabled.ERROR);
    return options;
  }

  /** Whether pipelines of this test run in streaming mode (TestStream needs it on Flink). */
  public static boolean isStreaming(TestPipeline pipeline) {
    return pipeline.getOptions().as(StreamingOptions.class).isStreaming();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    // A class-wide extension steps aside for a @RunnerTest, which brings one per runner.
    boolean runnerTest =
        context.getTestMethod().map(m -> m.isAnnotationPresent(RunnerTest.class)).orElse(false);
    return parameter.getParameter().getType() == TestPipeline.class && (perRunner || !runnerTest);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            TestPipeline.class,
            key -> {
              PipelineOptions pipelineOptions = options.get();
              pipelineOptions
                  .as(ApplicationNameOptions.class)
                  .setAppName(
                      context.getRequiredTestClass().getSimpleName()
                          + "-"
                          + context.getRequiredTestMethod().getName());
              return TestPipeline.fromOptions(pipelineOptions);
            },
            TestPipeline.class);
  }

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    runInsideBeamRule(invocation, context);
  }

  @Override
  public void interceptTestTemplateMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    runInsideBeamRule(invocation, context);
  }

  private static void runInsideBeamRule(Invocation<Void> invocation, ExtensionContext context)
      throws Throwable {
    Optional<TestPipeline> pipeline =
        Optional.ofNullable(context.getStore(NAMESPACE).get(TestPipeline.class, TestPipeline.class));
    if (pipeline.isEmpty()) {
      invocation.proceed();
      return;
    }
    Statement body =
        new Statement() {
          @Override
          public void evaluate() throws Throwable {
            invocation.proceed();
          }
        };
    Method method = context.getRequiredTestMethod();
    Description description =
        Description.createTestDescription(
            context.getRequiredTestClass(), method.getName(), method.getAnnotations());
    try (AutoCloseable flinkContext = flinkContext(pipeline.get())) {
      pipeline.get().apply(body, description).evaluate();
    }
  }

  /** The shared MiniCluster as Flink's context while a pipeline aimed at it ({@code [auto]}) runs. */
  private static AutoCloseable flinkContext(TestPipeline pipeline) {
    PipelineOptions options = pipeline.getOptions();
    boolean flink = options.getRunner().getSimpleName().contains("Flink");
    if (flink && "[auto]".equals(options.as(FlinkPipelineOptions.class).getFlinkMaster())) {
      return SharedMiniCluster.asContext();
    }
    return () -> {};
  }
}
