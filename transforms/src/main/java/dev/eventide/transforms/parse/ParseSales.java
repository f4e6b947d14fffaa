package dev.eventide.transforms.parse;

import dev.eventide.transforms.model.Sale;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/** Lines of the sales format into {@link Sale}s at their event time, with dead letters. */
public final class ParseSales extends PTransform<PCollection<String>, Parsed<Sale>> {

  /** The parser, for reading the counters in {@link ParseLines#counterNamespace}. */
  public static final SaleParser PARSER = new SaleParser();

  public static ParseSales create() {
    return new ParseSales();
  }

  @Override
  public Parsed<Sale> expand(PCollection<String> lines) {
    return lines.apply("ParseLines", ParseLines.with(PARSER));
  }
}
