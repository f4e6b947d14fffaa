package dev.eventide.transforms.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.beam.sdk.io.UnboundedSource.UnboundedReader;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

class GeneratedSalesSourceTest {

  private final SaleGenerator generator = SaleGenerator.orderly(3).withDisorder(500).withMalformed(0.1);
  private final GeneratedSalesSource source = new GeneratedSalesSource(generator, 20, 1_000_000);

  @Test
  void readsTheGeneratorsLinesInArrivalOrderWithAWatermarkBehindThem() throws Exception {
    UnboundedReader<String> reader = source.createReader(PipelineOptionsFactory.create(), null);
    List<String> lines = new ArrayList<>();
    assertThat(reader.getWatermark(), equalTo(BoundedWindow.TIMESTAMP_MIN_VALUE));
    for (boolean more = reader.start(); lines.size() < 20; more = reader.advance()) {
      if (!more) {
        continue; // paced: not due yet
      }
      long i = lines.size();
      lines.add(reader.getCurrent());
      assertThat(reader.getCurrentTimestamp(), equalTo(generator.watermarkAfter(i)));
      if (i < 19) {
        assertThat(reader.getWatermark(), equalTo(generator.watermarkAfter(i)));
      }
    }
    assertThat(lines, contains(LongStream.range(0, 20).mapToObj(generator::line).toArray()));
    assertThat(reader.advance(), equalTo(false));
    assertThat(reader.getWatermark(), equalTo(BoundedWindow.TIMESTAMP_MAX_VALUE));
  }

  @Test
  void aReaderRestoredFromACheckpointGoesOnWhereItStopped() throws Exception {
    UnboundedReader<String> first = source.createReader(PipelineOptionsFactory.create(), null);
    int read = 0;
    for (boolean more = first.start(); read < 7; more = first.advance()) {
      if (more) {
        read++;
      }
    }
    byte[] mark = CoderUtils.encodeToByteArray(source.getCheckpointMarkCoder(), (GeneratedSalesSource.NextLine) first.getCheckpointMark());
    GeneratedSalesSource.NextLine restored = CoderUtils.decodeFromByteArray(source.getCheckpointMarkCoder(), mark);

    UnboundedReader<String> second = source.createReader(PipelineOptionsFactory.create(), restored);
    boolean more = second.start();
    while (!more) {
      more = second.advance();
    }
    assertThat(second.getCurrent(), equalTo(generator.line(7)));
  }
}
