package dev.eventide.transforms.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/**
 * A recovery drill: passes elements through, and the first element with an event time at or after
 * {@code at} makes its task throw, once. "Once" survives the restart it causes: the failure creates
 * a marker file, and nothing fails while it exists (so the drill works across task restarts and
 * TaskManager processes on one machine or a shared file system).
 */
public final class FailOnceAt<T> extends PTransform<PCollection<T>, PCollection<T>> {

  private final Instant at;
  private final String marker;

  private FailOnceAt(Instant at, String marker) {
    this.at = at;
    this.marker = marker;
  }

  /** Fails once, at the first element of event time {@code at} or later, marking it in {@code marker}. */
  public static <T> FailOnceAt<T> of(Instant at, String marker) {
    return new FailOnceAt<>(at, marker);
  }

  @Override
  public PCollection<T> expand(PCollection<T> input) {
    return input.apply(ParDo.of(new FailFn<T>(at, marker))).setCoder(input.getCoder());
  }

  /** The exception a drill throws, recognisable in the logs. */
  public static final class InjectedFailure extends RuntimeException {
    InjectedFailure(String message) {
      super(message);
    }
  }

  private static final class FailFn<T> extends DoFn<T, T> {
    private final Instant at;
    private final String marker;
    /** The failure has happened (the marker exists): no more file checks per element. */
    private transient boolean done;

    FailFn(Instant at, String marker) {
      this.at = at;
      this.marker = marker;
    }

    @ProcessElement
    public void process(@Element T element, @Timestamp Instant time, OutputReceiver<T> out) {
      if (!done && !time.isBefore(at) && markFirstFailure()) {
        throw new InjectedFailure(
            "Injected failure at an element of event time " + time + " (a recovery drill; marker " + marker + ")");
      }
      out.output(element);
    }

    /** True for the one element that creates the marker; false once it exists. */
    private boolean markFirstFailure() {
      Path path = Path.of(marker);
      try {
        if (path.getParent() != null) {
          Files.createDirectories(path.getParent());
        }
        Files.createFile(path);
        done = true;
        return true;
      } catch (FileAlreadyExistsException e) {
        done = true;
        return false;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the failure marker " + marker, e);
      }
    }
  }
}
