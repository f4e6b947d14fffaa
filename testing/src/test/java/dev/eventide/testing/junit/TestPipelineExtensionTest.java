package dev.eventide.testing.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;

import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Beam's JUnit 5 extension, as the kit uses it, keeps the JUnit 4 rule's checks, for plain tests
 * and for each runner of a {@link RunnerTest}: run fixture tests and look at how they end.
 */
class TestPipelineExtensionTest {

  @Test
  void aTestThatRunsItsPipelinePasses() {
    execute("runsItsPipeline")
        .assertThatEvents()
        .haveExactly(1, event(test("runsItsPipeline"), finishedSuccessfully()));
  }

  @Test
  void aTestThatForgetsRunFails() {
    execute("forgetsRun")
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("forgetsRun"),
                finishedWithFailure(instanceOf(TestPipeline.PipelineRunMissingException.class))));
  }

  @Test
  void aTransformAppliedAfterRunIsReportedAsAbandoned() {
    execute("addsAfterRun")
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("addsAfterRun"),
                finishedWithFailure(instanceOf(TestPipeline.AbandonedNodeException.class))));
  }

  @Test
  void aFailingPAssertFailsTheTest() {
    execute("wrongAssertion")
        .assertThatEvents()
        .haveExactly(1, event(test("wrongAssertion"), finishedWithFailure(instanceOf(AssertionError.class))));
  }

  @Test
  void aRunnerTestRunsOncePerRunner() {
    execute(RunnerFixtures.class, "onTwoRunners")
        .assertThatEvents()
        .haveExactly(2, event(finishedSuccessfully()));
  }

  @Test
  void aRunnerTestThatForgetsRunFailsOnEveryRunner() {
    execute(RunnerFixtures.class, "forgetsRunOnTwoRunners")
        .assertThatEvents()
        .haveExactly(2, event(finishedWithFailure(instanceOf(TestPipeline.PipelineRunMissingException.class))));
  }

  @Test
  void aRunnerTestThatAppliesAfterRunIsReportedAsAbandonedOnEveryRunner() {
    execute(RunnerFixtures.class, "addsAfterRunOnTwoRunners")
        .assertThatEvents()
        .haveExactly(2, event(finishedWithFailure(instanceOf(TestPipeline.AbandonedNodeException.class))));
  }

  @Test
  void theRunnerOfAPlainTestComesFromBeamTestPipelineOptions() {
    System.setProperty(
        "beamTestPipelineOptions",
        "[\"--runner=TestFlinkRunner\",\"--flinkMaster=[local]\",\"--streaming=false\"]");
    try {
      execute("runsOnTheConfiguredRunner")
          .assertThatEvents()
          .haveExactly(1, event(test("runsOnTheConfiguredRunner"), finishedSuccessfully()));
    } finally {
      System.clearProperty("beamTestPipelineOptions");
    }
  }

  private static org.junit.platform.testkit.engine.Events execute(String method) {
    return execute(Fixtures.class, method);
  }

  private static org.junit.platform.testkit.engine.Events execute(Class<?> fixtures, String method) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectMethod(fixtures, method, TestPipeline.class.getName()))
        .execute()
        .testEvents();
  }

  /** Fixture tests, run only through the EngineTestKit above (the nested class is not a test). */
  @ExtendWith(TestPipelineExtension.class)
  static class Fixtures {
    @Test
    void runsItsPipeline(TestPipeline pipeline) {
      PAssert.that(doubled(pipeline)).containsInAnyOrder(2, 4, 6);
      pipeline.run();
    }

    @Test
    void forgetsRun(TestPipeline pipeline) {
      PAssert.that(doubled(pipeline)).containsInAnyOrder(2, 4, 6);
    }

    @Test
    void addsAfterRun(TestPipeline pipeline) {
      doubled(pipeline);
      pipeline.run();
      PAssert.that(pipeline.apply("More", Create.of(1))).containsInAnyOrder(1);
    }

    @Test
    void wrongAssertion(TestPipeline pipeline) {
      PAssert.that(doubled(pipeline)).containsInAnyOrder(2, 4, 7);
      pipeline.run();
    }

    @Test
    void runsOnTheConfiguredRunner(TestPipeline pipeline) {
      org.hamcrest.MatcherAssert.assertThat(
          pipeline.getOptions().getRunner().getSimpleName(), org.hamcrest.Matchers.equalTo("TestFlinkRunner"));
      PAssert.that(doubled(pipeline)).containsInAnyOrder(2, 4, 6);
      pipeline.run();
    }

    static PCollection<Integer> doubled(TestPipeline pipeline) {
      return pipeline
          .apply(Create.of(1, 2, 3))
          .apply(MapElements.into(TypeDescriptors.integers()).via((Integer x) -> x * 2));
    }
  }

  /**
   * Fixture runner tests. A class with Beam's extension registered for every test must not hold a
   * {@link RunnerTest}: each invocation brings its own, and two would both offer the pipeline.
   */
  static class RunnerFixtures {
    @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
    void onTwoRunners(TestPipeline pipeline) {
      PAssert.that(Fixtures.doubled(pipeline)).containsInAnyOrder(2, 4, 6);
      pipeline.run();
    }

    @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
    void forgetsRunOnTwoRunners(TestPipeline pipeline) {
      PAssert.that(Fixtures.doubled(pipeline)).containsInAnyOrder(2, 4, 6);
    }

    @RunnerTest({TestRunner.DIRECT, TestRunner.FLINK_BATCH})
    void addsAfterRunOnTwoRunners(TestPipeline pipeline) {
      Fixtures.doubled(pipeline);
      pipeline.run();
      PAssert.that(pipeline.apply("More", Create.of(1))).containsInAnyOrder(1);
    }
  }
}
