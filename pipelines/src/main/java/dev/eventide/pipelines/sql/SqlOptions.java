package dev.eventide.pipelines.sql;

import dev.eventide.pipelines.JobOptions;
import dev.eventide.pipelines.KafkaOptions;
import dev.eventide.pipelines.sales.SalesGeneratorOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the SQL job: a Beam SQL query over streams of sales and readings. */
public interface SqlOptions extends JobOptions, SalesGeneratorOptions, KafkaOptions {

  @Description(
      "The tables the query reads, comma-separated, each <kind> or <name>:<kind> (kinds: sales,"
          + " readings), e.g. sales or orders:sales,returns:sales. With several tables, --input and"
          + " --inputTopic give one source per table, comma-separated, in the same order; without"
          + " them each table has its own generator.")
  @Default.String("sales")
  String getTable();

  void setTable(String value);

  @Description(
      "The query, in Beam SQL's Calcite dialect. Window in event time with TUMBLE, HOP or SESSION of"
          + " event_time in GROUP BY, and TUMBLE_START, TUMBLE_END (HOP_..., SESSION_...) in the"
          + " select list. Absent: the job does not start (exit status 2).")
  String getQuery();

  void setQuery(String value);

  @Description("Print the query's plan (the Beam operators it becomes) and stop, without running it.")
  @Default.Boolean(false)
  boolean getExplain();

  void setExplain(boolean value);

  @Description(
      "Files of the tables' lines (a file pattern; with several tables, one per table,"
          + " comma-separated). Absent: --inputTopic, or else the built-in deterministic generators.")
  String getInput();

  void setInput(String value);

  @Description(
      "Streams only: how long after the end of a window late records still update it (e.g. 0, 5s,"
          + " 1m). Records later than that go to --lateOutput, where the query's windows allow.")
  @Default.String("0")
  String getAllowedLateness();

  void setAllowedLateness(String value);

  @Description(
      "Streams only: when the query's windows fire, as for the sales job (afterWatermark(early=...,"
          + " late=...), afterCount(n), repeat(t), ...). Default: default (once, when the watermark"
          + " passes a window's end, and once per late record).")
  String getTrigger();

  void setTrigger(String value);

  @Description(
      "accumulating: every pane of a window holds its whole result so far (Flink's behaviour); "
          + "discarding: each pane holds only what arrived since the previous pane.")
  @Default.String("accumulating")
  String getAccumulation();

  void setAccumulation(String value);

  @Description("Number of devices the generator's readings come from (sensor-0, sensor-1, ...).")
  @Default.Integer(5)
  int getGeneratorDevices();

  void setGeneratorDevices(int value);
}
