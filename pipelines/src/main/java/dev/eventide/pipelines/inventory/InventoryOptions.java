package dev.eventide.pipelines.inventory;

import dev.eventide.pipelines.GeneratorOptions;
import dev.eventide.pipelines.JobOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * Options of the inventory job: stock per item from transactions, answers to queries, rejected
 * overdrafts and failure-rate alerts.
 */
public interface InventoryOptions extends JobOptions, GeneratorOptions {

  @Description(
      "File pattern of stock transactions 'itemId,change,time' (change: units received, or sold "
          + "when negative; time: yyyy-MM-dd HH:mm:ss UTC or ISO-8601). Absent: the built-in "
          + "generator makes transactions and queries.")
  String getTransactions();

  void setTransactions(String value);

  @Description(
      "File pattern of stock queries 'queryId,itemId,time': the item's stock as of that time. "
          + "Absent with --transactions: no queries.")
  String getQueries();

  void setQueries(String value);

  @Description(
      "An item unchanged for this long (event time, e.g. 1h, 1d) is forgotten: its state is "
          + "cleared and a later query says it is unknown.")
  @Default.String("1d")
  String getForgetAfter();

  void setForgetAfter(String value);

  @Description("Window of the failure-rate summary per item: fixed:<size>, sliding:<size>,<period> or session:<gap>.")
  @Default.String("fixed:1m")
  String getFailureRateWindow();

  void setFailureRateWindow(String value);

  @Description("Alert when an item's failure rate (rejected / transactions) in a window is above this (0 to 1).")
  @Default.Double(0.5)
  double getAlertAbove();

  void setAlertAbove(double value);

  @Description("Generator: number of distinct items.")
  @Default.Integer(10)
  int getGeneratorItems();

  void setGeneratorItems(int value);

  @Description("Generator: one query per this many transactions.")
  @Default.Integer(10)
  int getGeneratorQueryEvery();

  void setGeneratorQueryEvery(int value);
}
