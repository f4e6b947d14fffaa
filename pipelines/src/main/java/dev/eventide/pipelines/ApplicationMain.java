package dev.eventide.pipelines;

/**
 * The main of a job in Flink's application mode ({@code scripts/flink-cluster.sh
 * start-application}): Flink's JobManager runs it, in its own JVM, to submit the job it then runs.
 * It takes {@link Launcher}'s command line, but returns instead of ending the JVM (which would be
 * the JobManager's) and fails by throwing, which Flink reports as the application's failure.
 */
public final class ApplicationMain {

  private ApplicationMain() {}

  public static void main(String[] args) {
    int status = Launcher.run(args, System.out, System.err);
    if (status != 0) {
      throw new IllegalStateException(
          "the job '" + (args.length > 0 ? args[0] : "") + "' did not start (exit status " + status + "); see the JobManager's log");
    }
  }
}
