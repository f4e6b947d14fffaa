package dev.eventide.transforms.io;

import dev.eventide.transforms.model.NumberedLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * The lines of the files a pattern matches, each numbered from 1 within its file, for jobs whose
 * result depends on input order. Line ends are those of {@link ReadLines} ({@code \n}, {@code
 * \r\n}, {@code \r}); bytes that are not UTF-8 read as U+FFFD, as with {@code TextIO}. Each file is
 * read by one worker from start to end (it is not split), which is what numbering costs. A
 * pattern that matches no file is rejected while the pipeline is built.
 */
public final class ReadNumberedLines extends PTransform<PBegin, PCollection<NumberedLine>> {

  private final String pattern;

  private ReadNumberedLines(String pattern) {
    this.pattern = pattern;
  }

  public static ReadNumberedLines from(String pattern) {
    return new ReadNumberedLines(pattern);
  }

  @Override
  public PCollection<NumberedLine> expand(PBegin begin) {
    ReadLines.requireMatch(pattern);
    return begin
        .apply("Match " + pattern, FileIO.match().filepattern(pattern))
        .apply("Open", FileIO.readMatches())
        .apply("NumberLines", ParDo.of(new NumberLinesFn()))
        .setCoder(NumberedLine.NumberedLineCoder.of());
  }

  private static final class NumberLinesFn extends DoFn<FileIO.ReadableFile, NumberedLine> {
    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, OutputReceiver<NumberedLine> out) throws IOException {
      String source = file.getMetadata().resourceId().toString();
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(Channels.newInputStream(file.open()), StandardCharsets.UTF_8))) {
        long number = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          out.output(new NumberedLine(source, ++number, line));
        }
      }
    }
  }
}
