package dev.eventide.testing.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A pipeline test that runs once per runner, each time with a fresh {@code TestPipeline}
 * parameter on that runner: the same assertions prove the same behaviour on every runner.
 *
 * <p>{@code -Deventide.test.runners=direct} (or {@code flink}, {@code flink-batch}) narrows the
 * matrix for a quick local run; {@code -DbeamTestPipelineOptions} does not apply here, because the
 * test names its runners itself.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(RunnerInvocations.class)
public @interface RunnerTest {
  /** The runners to run on; by default the DirectRunner and the FlinkRunner in streaming mode. */
  TestRunner[] value() default {TestRunner.DIRECT, TestRunner.FLINK};

  /** Extra pipeline arguments for every runner of this test. */
  String[] args() default {};
}
