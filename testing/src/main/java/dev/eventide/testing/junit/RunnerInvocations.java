package dev.eventide.testing.junit;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/** Expands a {@link RunnerTest} into one invocation per enabled runner. */
class RunnerInvocations implements TestTemplateInvocationContextProvider {

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return AnnotationSupport.isAnnotated(context.getTestMethod(), RunnerTest.class);
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
      ExtensionContext context) {
    RunnerTest spec =
        AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), RunnerTest.class)
            .orElseThrow();
    List<TestRunner> runners =
        Arrays.stream(spec.value()).filter(TestRunner::enabled).distinct().toList();
    if (runners.isEmpty()) {
      // A matrix narrowed to nothing must not pass silently.
      throw new IllegalStateException(
          "No runner of "
              + Arrays.toString(spec.value())
              + " is enabled by -D"
              + TestRunner.RUNNERS_PROPERTY
              + "="
              + System.getProperty(TestRunner.RUNNERS_PROPERTY));
    }
    return runners.stream().map(runner -> invocation(runner, spec.args()));
  }

  private static TestTemplateInvocationContext invocation(TestRunner runner, String[] args) {
    return new TestTemplateInvocationContext() {
      @Override
      public String getDisplayName(int invocationIndex) {
        return "[" + runner.label() + "]";
      }

      @Override
      public List<Extension> getAdditionalExtensions() {
        // Beam's own JUnit 5 extension gives the TestPipeline and keeps its rule's checks (run()
        // called, no abandoned node); a fresh one per invocation carries this runner's options.
        PipelineOptions options = runner.options(args);
        return List.of(TestPipelineExtension.fromOptions(options), new SharedMiniClusterContext(options));
      }
    };
  }
}
