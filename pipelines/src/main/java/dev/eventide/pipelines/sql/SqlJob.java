package dev.eventide.pipelines.sql;

import dev.eventide.pipelines.GeneratorOptions;
import dev.eventide.pipelines.Job;
import dev.eventide.pipelines.KafkaOptions;
import dev.eventide.pipelines.Launcher;
import dev.eventide.pipelines.sales.SalesGeneratorOptions;
import dev.eventide.pipelines.telemetry.TelemetryJob;
import dev.eventide.pipelines.telemetry.TelemetryOptions;
import dev.eventide.transforms.faults.Causes;
import dev.eventide.transforms.io.LineGenerator;
import dev.eventide.transforms.io.ReadLines;
import dev.eventide.transforms.io.ReadingGenerator;
import dev.eventide.transforms.io.SaleGenerator;
import dev.eventide.transforms.io.SourceLines;
import dev.eventide.transforms.io.WriteLines;
import dev.eventide.transforms.model.Reading;
import dev.eventide.transforms.model.Sale;
import dev.eventide.transforms.parse.DeadLettersAsJson;
import dev.eventide.transforms.parse.LineParser;
import dev.eventide.transforms.parse.ParseLines;
import dev.eventide.transforms.parse.ParseSales;
import dev.eventide.transforms.parse.Parsed;
import dev.eventide.transforms.parse.ReadingParser;
import dev.eventide.transforms.sql.EventRows;
import dev.eventide.transforms.sql.QueryPlan;
import dev.eventide.transforms.sql.RowsAsJson;
import dev.eventide.transforms.sql.RowsTheQueryFailedOn;
import dev.eventide.transforms.windowing.ApplyWindowing;
import dev.eventide.transforms.windowing.ApplyWindowing.Accumulation;
import dev.eventide.transforms.windowing.Durations;
import dev.eventide.transforms.windowing.RouteLateRecords;
import dev.eventide.transforms.windowing.TriggerSpec;
import dev.eventide.transforms.windowing.WindowSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.sql.SqlTransform;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Beam SQL query over streams of sales and readings: the tables are the records the other jobs
 * see, after the same parsing and dead-lettering, with their event time as the {@code TIMESTAMP}
 * column {@code event_time}; one JSON line per result row, its fields the query's columns.
 *
 * <pre>scripts/run.sh sql --table=sales --query="SELECT `month`, SUM(profit) AS profit FROM sales
 *     GROUP BY `month`, TUMBLE(event_time, INTERVAL '10' SECOND)"</pre>
 *
 * <p>On a stream, the windows of the query's aggregations fire as {@code --trigger} says and keep
 * {@code --allowedLateness}; records that come later than that are routed to the late output
 * before the query sees them, where the plan shows which window each table's records go into.
 */
public final class SqlJob implements Job<SqlOptions> {

  private static final Logger LOG = LoggerFactory.getLogger(SqlJob.class);

  public static void main(String[] args) {
    Launcher.mainOf(new SqlJob(), args);
  }

  @Override
  public String name() {
    return "sql";
  }

  @Override
  public String description() {
    return "a Beam SQL query over sales and readings (--table, --query)";
  }

  @Override
  public Class<SqlOptions> optionsClass() {
    return SqlOptions.class;
  }

  @Override
  public String helpNotes() {
    StringBuilder text = new StringBuilder("Tables (--table=<kind> or <name>:<kind>), and their columns:\n");
    for (TableKind kind : TableKind.values()) {
      text.append(String.format("  %-9s %s%n", kind.text(), EventRows.describe(kind.schema)));
    }
    return text.toString();
  }

  @Override
  public Optional<String> planOnly(SqlOptions options) {
    return options.getExplain() ? Optional.of(plan(options, tables(options)).explain()) : Optional.empty();
  }

  @Override
  public void build(Pipeline pipeline, SqlOptions options) {
    List<Table> tables = tables(options);
    PCollectionTuple lines = PCollectionTuple.empty(pipeline);
    List<SourceLines> inputs = new ArrayList<>();
    for (Table table : tables) {
      SourceLines input = pipeline.apply("Read" + step(table.name), table.source());
      lines = lines.and(new TupleTag<>(table.name), input.lines());
      inputs.add(input);
    }
    PCollectionTuple outputs = lines.apply("Query", query(options, tables));
    outputs.get(RESULTS).apply("WriteResults", KafkaOptions.resultSink(options, options.getOutput(), "result"));
    // With the records each source could not carry (Kafka's, say).
    PCollection<String> deadLetters = outputs.get(DEAD_LETTERS);
    for (SourceLines input : inputs) {
      deadLetters = input.withRejectedAsJson(deadLetters);
    }
    deadLetters.apply("WriteDeadLetters", WriteLines.toFilesOrLog(options.getDeadLetterOutput(), "dead-letter"));
    if (outputs.has(LATE_RECORDS)) {
      outputs.get(LATE_RECORDS).apply("WriteLateRecords", WriteLines.toFilesOrLog(options.getLateOutput(), "late"));
    }
  }

  /** The query of these options over lines of these tables (tagged by table name). */
  static Query query(SqlOptions options, List<Table> tables) {
    List<QueryTable> kinds = new ArrayList<>();
    tables.forEach(t -> kinds.add(new QueryTable(t.name, t.kind)));
    return new Query(
        options.getQuery(),
        kinds,
        Durations.parse(options.getAllowedLateness()),
        TriggerSpec.parse(options.getTrigger() == null ? "default" : options.getTrigger()),
        Accumulation.parse(options.getAccumulation()));
  }

  /** The JSON result lines, one per result row. */
  public static final TupleTag<String> RESULTS = new TupleTag<>("results");

  /** The JSON dead-letter lines of every table. */
  public static final TupleTag<String> DEAD_LETTERS = new TupleTag<>("deadLetters");

  /** Streams whose windows the plan shows: records that came after their window closed. */
  public static final TupleTag<String> LATE_RECORDS = new TupleTag<>("lateRecords");

  /** A table of a query: its name in the query, and what it holds. */
  public record QueryTable(String name, TableKind kind) implements java.io.Serializable {}

  /**
   * Lines of each table (tagged by the table's name) → parse (dead letters out) → route late
   * records (streams) → rows → the query → JSON lines.
   */
  public static final class Query extends PTransform<PCollectionTuple, PCollectionTuple> {
    private final String query;
    private final List<QueryTable> tables;
    private final Duration allowedLateness;
    private final TriggerSpec trigger;
    private final Accumulation accumulation;

    public Query(String query, List<QueryTable> tables, Duration allowedLateness, TriggerSpec trigger, Accumulation accumulation) {
      this.query = query;
      this.tables = tables;
      this.allowedLateness = allowedLateness;
      this.trigger = trigger;
      this.accumulation = accumulation;
    }

    @Override
    public PCollectionTuple expand(PCollectionTuple lines) {
      List<QueryPlan.Table> planned = new ArrayList<>();
      for (QueryTable table : tables) {
        boolean unbounded = lines.<String>get(table.name()).isBounded() == PCollection.IsBounded.UNBOUNDED;
        planned.add(new QueryPlan.Table(table.name(), table.kind().schema, unbounded));
      }
      QueryPlan plan = QueryPlan.of(query, planned, lines.getPipeline().getOptions());
      for (String reason : plan.unroutable()) {
        LOG.warn("Late records are not routed but dropped by the runner (counted in droppedDueToLateness): {}", reason);
      }

      PCollectionTuple rows = PCollectionTuple.empty(lines.getPipeline());
      List<PCollection<String>> deadLetters = new ArrayList<>();
      List<PCollection<String>> late = new ArrayList<>();
      for (int i = 0; i < tables.size(); i++) {
        QueryTable table = tables.get(i);
        PCollection<String> tableLines = lines.get(table.name());
        boolean unbounded = planned.get(i).unbounded();
        Optional<WindowSpec> lateBy = unbounded ? plan.windowOf(table.name()) : Optional.empty();
        PCollection<Row> tableRows = table.kind().rows(tableLines, table.name(), lateBy, allowedLateness, deadLetters, late);
        if (unbounded) {
          // The trigger and lateness every window of the query keeps (Beam SQL's windows take
          // their input's).
          tableRows =
              tableRows.apply(
                  "Fire" + step(table.name()),
                  ApplyWindowing.<Row>firingOnly()
                      .withTrigger(trigger)
                      .withAllowedLateness(allowedLateness)
                      .withAccumulation(accumulation));
        }
        rows = rows.and(new TupleTag<>(table.name()), tableRows);
      }

      PCollection<Row> results;
      RowsTheQueryFailedOn failedRows = new RowsTheQueryFailedOn();
      try {
        // Eventide gives the tables; Beam SQL need not look for table providers of its own. A row
        // an expression fails on goes to the dead letters: no row can stop the job.
        results =
            rows.apply("Sql", SqlTransform.query(query).withAutoLoading(false).withErrorsTransformer(failedRows));
      } catch (RuntimeException e) {
        // The plan was sound, but Beam refused it for these inputs (an aggregation of a stream
        // without windows, a join of streams without them): the query, not the job, is wrong.
        throw new IllegalArgumentException("Beam SQL cannot run this query on these tables: " + Causes.firstLine(Causes.deepest(e)), e);
      }
      deadLetters.addAll(failedRows.deadLetters());
      PCollectionTuple outputs =
          PCollectionTuple.of(RESULTS, results.apply("FormatResults", RowsAsJson.create()))
              .and(DEAD_LETTERS, PCollectionList.of(deadLetters).apply("AllDeadLetters", Flatten.pCollections()));
      return late.isEmpty()
          ? outputs
          : outputs.and(LATE_RECORDS, PCollectionList.of(late).apply("AllLateRecords", Flatten.pCollections()));
    }
  }

  /** A table's name as a step name: "Sales" for sales. */
  static String step(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  private static QueryPlan plan(SqlOptions options, List<Table> tables) {
    List<QueryPlan.Table> planned = new ArrayList<>();
    tables.forEach(t -> planned.add(new QueryPlan.Table(t.name, t.kind.schema, t.unbounded)));
    return QueryPlan.of(options.getQuery(), planned, options);
  }

  /** The tables of {@code --table}, each with its source. */
  static List<Table> tables(SqlOptions options) {
    String[] specs = options.getTable().split(",", -1);
    List<String> inputs = perTable(options.getInput(), specs.length, "--input");
    List<String> topics = perTable(options.getInputTopic(), specs.length, "--inputTopic");
    if (options.getInput() != null && options.getInputTopic() != null) {
      throw new IllegalArgumentException("give --input or --inputTopic, not both");
    }
    List<Table> tables = new ArrayList<>();
    for (int i = 0; i < specs.length; i++) {
      String spec = specs[i].strip();
      int colon = spec.indexOf(':');
      String name = colon < 0 ? spec : spec.substring(0, colon).strip();
      TableKind kind = TableKind.parse(colon < 0 ? spec : spec.substring(colon + 1).strip());
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("--table: '" + name + "' is not a table name (letters, digits and _, not first a digit)");
      }
      if (tables.stream().anyMatch(t -> t.name.equalsIgnoreCase(name))) {
        throw new IllegalArgumentException("--table: two tables are named " + name);
      }
      String input = inputs.get(i);
      String topic = topics.get(i);
      boolean unbounded = input == null && (topic != null || options.getGeneratorRatePerSecond() > 0);
      tables.add(new Table(name, kind, i, input, topic, unbounded, options));
    }
    return tables;
  }

  /** One value per table: the whole option for one table, else its comma-separated parts. */
  private static List<String> perTable(String option, int tables, String name) {
    List<String> values = new ArrayList<>();
    if (option == null) {
      for (int i = 0; i < tables; i++) {
        values.add(null);
      }
      return values;
    }
    if (tables == 1) {
      return List.of(option);
    }
    for (String part : option.split(",", -1)) {
      values.add(part.strip());
    }
    if (values.size() != tables) {
      throw new IllegalArgumentException(name + " gives " + values.size() + " sources for " + tables + " tables");
    }
    return values;
  }

  /** A table of the query: its name, kind and source. */
  static final class Table {
    final String name;
    final TableKind kind;
    final int index;
    final String input;
    final String topic;
    final boolean unbounded;
    final SqlOptions options;

    Table(String name, TableKind kind, int index, String input, String topic, boolean unbounded, SqlOptions options) {
      this.name = name;
      this.kind = kind;
      this.index = index;
      this.input = input;
      this.topic = topic;
      this.unbounded = unbounded;
      this.options = options;
    }

    /** Files, Kafka, or a generator of its own (the n-th table's seed is the seed plus n). */
    PTransform<PBegin, SourceLines> source() {
      if (input != null) {
        return SourceLines.from(ReadLines.from(input));
      }
      if (topic != null) {
        return KafkaOptions.topicLines(options, topic, kind.timeInLine);
      }
      return SourceLines.from(GeneratorOptions.lines(options, kind.generator(options, options.getGeneratorSeed() + index), options.getGeneratorRecords()));
    }
  }

  /** What a table holds: the columns and how its lines become rows. */
  public enum TableKind {
    // Kafka records carry a sale's event time as their timestamp (scripts/replay-sales.sh); a
    // reading's is in its line.
    SALES(EventRows.SALE, null),
    READINGS(EventRows.READING, TelemetryJob::timeInLine);

    final Schema schema;
    final SerializableFunction<String, Instant> timeInLine;

    TableKind(Schema schema, SerializableFunction<String, Instant> timeInLine) {
      this.schema = schema;
      this.timeInLine = timeInLine;
    }

    String text() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static TableKind parse(String text) {
      for (TableKind kind : values()) {
        if (kind.text().equals(text)) {
          return kind;
        }
      }
      throw new IllegalArgumentException("--table: unknown kind '" + text + "'; the kinds are sales and readings");
    }

    LineGenerator generator(SqlOptions options, long seed) {
      return this == SALES
          ? SalesGeneratorOptions.generator(options, seed)
          : TelemetryOptions.generator(options, seed, options.getGeneratorDevices());
    }

    /** The table's lines as rows; dead letters and late records (streams) added to the lists. */
    PCollection<Row> rows(
        PCollection<String> lines,
        String table,
        Optional<WindowSpec> lateBy,
        Duration allowedLateness,
        List<PCollection<String>> deadLetters,
        List<PCollection<String>> late) {
      if (this == SALES) {
        return typedRows(lines, table, ParseSales.PARSER, EventRows::of, SaleGenerator::format, lateBy, allowedLateness, deadLetters, late);
      }
      return typedRows(
          lines, table, new ReadingParser(), EventRows::of, ReadingGenerator::format, lateBy, allowedLateness, deadLetters, late);
    }

    /** Parse (dead letters out) → route late records (streams) → rows of the table. */
    private <T> PCollection<Row> typedRows(
        PCollection<String> lines,
        String table,
        LineParser<T> parser,
        SerializableFunction<T, Row> toRow,
        SerializableFunction<T, String> format,
        Optional<WindowSpec> lateBy,
        Duration allowedLateness,
        List<PCollection<String>> deadLetters,
        List<PCollection<String>> late) {
      String step = step(table);
      Parsed<T> parsed = lines.apply("Parse" + step, ParseLines.with(parser));
      deadLetters.add(parsed.deadLetters().apply("Format" + step + "DeadLetters", DeadLettersAsJson.create()));
      PCollection<T> records = parsed.records();
      if (lateBy.isPresent()) {
        // One key: a window is closed for all of the table once the watermark passes it, whichever
        // groups the query makes of its rows.
        RouteLateRecords<T> router = RouteLateRecords.of(lateBy.get(), allowedLateness, record -> table, format);
        PCollectionTuple routed = records.apply("RouteLate" + step, router);
        records = routed.get(router.onTime);
        late.add(routed.get(RouteLateRecords.LATE).apply("FormatLate" + step, RouteLateRecords.asJson()));
      }
      return records.apply(step + "AsRows", EventRows.rows(schema, toRow));
    }
  }
}
