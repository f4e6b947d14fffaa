package dev.eventide.transforms.sql;

import dev.eventide.transforms.faults.Causes;
import dev.eventide.transforms.windowing.WindowSpec;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.extensions.sql.impl.BeamSqlEnv;
import org.apache.beam.sdk.extensions.sql.impl.CalciteQueryPlanner;
import org.apache.beam.sdk.extensions.sql.impl.rel.BeamAggregationRel;
import org.apache.beam.sdk.extensions.sql.impl.rel.BeamCalcRel;
import org.apache.beam.sdk.extensions.sql.impl.rel.BeamIOSourceRel;
import org.apache.beam.sdk.extensions.sql.impl.rel.BeamRelNode;
import org.apache.beam.sdk.extensions.sql.meta.BeamSqlTable;
import org.apache.beam.sdk.extensions.sql.meta.SchemaBaseBeamTable;
import org.apache.beam.sdk.extensions.sql.meta.provider.ReadOnlyTableProvider;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.vendor.calcite.v1_40_0.org.apache.calcite.plan.RelOptUtil;
import org.apache.beam.vendor.calcite.v1_40_0.org.apache.calcite.rel.RelNode;
import org.apache.beam.vendor.calcite.v1_40_0.org.apache.calcite.rex.RexInputRef;
import org.apache.beam.vendor.calcite.v1_40_0.org.apache.calcite.rex.RexNode;
import org.apache.beam.vendor.calcite.v1_40_0.org.apache.calcite.rex.RexProgram;

/**
 * A query planned by Beam SQL (Calcite dialect) over tables known by their schemas only: the
 * query's errors as one clear message, its plan for {@code --explain}, and the windows its
 * aggregations put each table's event time into, which late records are routed by.
 */
public final class QueryPlan {

  /** A table as the planner sees it: a name, its columns, and whether it is a stream. */
  public record Table(String name, Schema schema, boolean unbounded) {}

  private final BeamRelNode root;
  private final Map<String, Set<WindowFn<?, ?>>> windowsByTable = new LinkedHashMap<>();
  private final List<String> unattributed = new ArrayList<>();

  private QueryPlan(BeamRelNode root, Map<BeamSqlTable, String> names) {
    this.root = root;
    collectWindows(root, names);
  }

  /**
   * Plans {@code query} over {@code tables}; an invalid or unsupported query is an {@link
   * IllegalArgumentException} with the planner's message and position, without the stack.
   */
  public static QueryPlan of(String query, List<Table> tables, PipelineOptions options) {
    if (query == null || query.isBlank()) {
      throw new IllegalArgumentException("--query is required: a SQL query over " + names(tables));
    }
    if (SESSION_END.matcher(query).find()) {
      // Calcite turns SESSION_END into the window's start plus nothing: Beam SQL gives the start.
      throw new IllegalArgumentException(
          "bad query: SESSION_END is not supported: Beam SQL gives the session's start for it. A session"
              + " ends one gap after its last record: write MAX(event_time) + INTERVAL '<gap>' instead.");
    }
    Map<String, BeamSqlTable> byName = new LinkedHashMap<>();
    Map<BeamSqlTable, String> names = new HashMap<>();
    for (Table table : tables) {
      BeamSqlTable planned = new SchemaOnlyTable(table.schema(), table.unbounded());
      byName.put(table.name(), planned);
      names.put(planned, table.name());
    }
    BeamSqlEnv env =
        BeamSqlEnv.builder(new ReadOnlyTableProvider("eventide", byName))
            .setQueryPlannerClassName(CalciteQueryPlanner.class.getName())
            .setPipelineOptions(options)
            .build();
    try {
      return new QueryPlan(env.parseQuery(query), names);
    } catch (RuntimeException e) {
      Set<String> columns = new LinkedHashSet<>();
      tables.forEach(t -> t.schema().getFieldNames().forEach(columns::add));
      StringBuilder message = new StringBuilder(messageOf(e, columns));
      if (message.indexOf("Encountered") >= 0 || message.indexOf("Incorrect syntax") >= 0) {
        for (Table table : tables) {
          if (!parses(env, "SELECT * FROM " + table.name())) {
            message.append(" The table ").append(table.name()).append(" has the name of a SQL keyword: write it `")
                .append(table.name()).append("`, in backticks, or name it otherwise.");
          }
        }
      }
      throw new IllegalArgumentException(message.toString(), e);
    }
  }

  private static boolean parses(BeamSqlEnv env, String query) {
    try {
      env.parseQuery(query);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The physical plan, one Beam operator per line. */
  public String explain() {
    return RelOptUtil.toString(root).strip();
  }

  /**
   * The one window of the query's windowed aggregations of {@code table}'s event time, if there is
   * exactly one and a {@link WindowSpec} can say it; empty when the table is not aggregated in
   * windows, or in several kinds of them.
   */
  public Optional<WindowSpec> windowOf(String table) {
    Set<WindowFn<?, ?>> windows = windowsByTable.getOrDefault(table, Set.of());
    return windows.size() == 1 ? specOf(windows.iterator().next()) : Optional.empty();
  }

  /**
   * Why late records of some tables cannot be routed by {@link #windowOf}: one line per reason
   * (none when every windowed aggregation is of one table's event time, in one window each).
   */
  public List<String> unroutable() {
    List<String> reasons = new ArrayList<>(unattributed);
    windowsByTable.forEach(
        (table, windows) -> {
          if (windows.size() > 1) {
            reasons.add("table " + table + " is windowed in " + windows.size() + " ways by the query");
          } else if (specOf(windows.iterator().next()).isEmpty()) {
            reasons.add("table " + table + "'s window " + windows.iterator().next() + " has an offset");
          }
        });
    return reasons;
  }

  private void collectWindows(RelNode node, Map<BeamSqlTable, String> names) {
    if (node instanceof BeamAggregationRel aggregation) {
      WindowFn<?, ?> window = field(aggregation, "windowFn", WindowFn.class);
      if (window != null) {
        int column = field(aggregation, "windowFieldIndex", Integer.class);
        Optional<String> table = eventTimeOf(aggregation.getInput(), column, names);
        if (table.isPresent()) {
          windowsByTable.computeIfAbsent(table.get(), t -> new LinkedHashSet<>()).add(window);
        } else {
          unattributed.add("a window of the query is not over a table's " + EventRows.EVENT_TIME + " column itself");
        }
      }
    }
    for (RelNode input : node.getInputs()) {
      collectWindows(input, names);
    }
  }

  /** The table whose event-time column {@code column} of {@code node} is, through projections and filters. */
  private static Optional<String> eventTimeOf(RelNode node, int column, Map<BeamSqlTable, String> names) {
    while (node instanceof BeamCalcRel calc) {
      RexProgram program = calc.getProgram();
      RexNode projected = program.expandLocalRef(program.getProjectList().get(column));
      if (!(projected instanceof RexInputRef reference)) {
        return Optional.empty();
      }
      column = reference.getIndex();
      node = calc.getInput();
    }
    if (node instanceof BeamIOSourceRel source) {
      String table = names.get(source.getBeamSqlTable());
      Schema schema = source.getBeamSqlTable().getSchema();
      if (table != null && schema.hasField(EventRows.EVENT_TIME) && schema.indexOf(EventRows.EVENT_TIME) == column) {
        return Optional.of(table);
      }
    }
    return Optional.empty();
  }

  private static Optional<WindowSpec> specOf(WindowFn<?, ?> window) {
    if (window instanceof FixedWindows fixed && fixed.getOffset().getMillis() == 0) {
      return Optional.of(WindowSpec.fixed(fixed.getSize()));
    }
    if (window instanceof SlidingWindows sliding && sliding.getOffset().getMillis() == 0) {
      return Optional.of(WindowSpec.sliding(sliding.getSize(), sliding.getPeriod()));
    }
    if (window instanceof Sessions sessions) {
      return Optional.of(WindowSpec.session(sessions.getGapDuration()));
    }
    return Optional.empty();
  }

  /** Beam SQL keeps an aggregation's window to itself: read it (Beam's version is pinned by the build). */
  private static <V> V field(BeamAggregationRel aggregation, String name, Class<V> type) {
    try {
      Field field = BeamAggregationRel.class.getDeclaredField(name);
      field.setAccessible(true);
      return type.cast(field.get(aggregation));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("this Beam's SQL aggregation has no field " + name, e);
    }
  }

  /**
   * The planner's message, with its position in the query: Calcite's parse and validation errors
   * carry it ("line 1, column 8"); the rest say the query cannot be run.
   */
  static String messageOf(Throwable error, Set<String> columns) {
    for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
      String type = e.getClass().getSimpleName();
      if (type.equals("SqlParseException")) {
        return "bad query: " + Causes.firstLine(e.getMessage()) + keywordHint(e.getMessage(), columns);
      }
      if (type.equals("CalciteContextException")) {
        return "bad query: " + Causes.firstLine(e.getMessage());
      }
      if (type.equals("CannotPlanException")) {
        return "Beam SQL cannot run this query (no Beam operator for a part of it): " + Causes.firstLine(e.getMessage());
      }
    }
    return "bad query: " + Causes.firstLine(Causes.deepest(error));
  }

  private static final Pattern SESSION_END = Pattern.compile("(?i)\\bSESSION_END\\s*\\(");

  private static final Pattern ENCOUNTERED = Pattern.compile("Encountered \"([^\" ]+)");

  /** A column named like a keyword of SQL ({@code month}) must be quoted; say so where the parser stumbled on one. */
  private static String keywordHint(String message, Set<String> columns) {
    Matcher token = ENCOUNTERED.matcher(message == null ? "" : message);
    if (token.find()) {
      for (String column : columns) {
        if (column.equalsIgnoreCase(token.group(1))) {
          return " The column " + column + " has the name of a SQL keyword: write it `" + column + "`, in backticks.";
        }
      }
    }
    return "";
  }


  private static String names(List<Table> tables) {
    List<String> names = new ArrayList<>();
    tables.forEach(t -> names.add(t.name()));
    return String.join(", ", names);
  }

  /** A table the planner can plan against; the rows come later, from the job's own sources. */
  private static final class SchemaOnlyTable extends SchemaBaseBeamTable {
    private final boolean unbounded;

    SchemaOnlyTable(Schema schema, boolean unbounded) {
      super(schema);
      this.unbounded = unbounded;
    }

    @Override
    public PCollection<Row> buildIOReader(PBegin begin) {
      throw new UnsupportedOperationException("a table for planning only");
    }

    @Override
    public POutput buildIOWriter(PCollection<Row> input) {
      throw new UnsupportedOperationException("a table for planning only");
    }

    @Override
    public PCollection.IsBounded isBounded() {
      return unbounded ? PCollection.IsBounded.UNBOUNDED : PCollection.IsBounded.BOUNDED;
    }
  }
}
