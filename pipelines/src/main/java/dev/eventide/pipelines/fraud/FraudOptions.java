package dev.eventide.pipelines.fraud;

import dev.eventide.pipelines.GeneratorOptions;
import dev.eventide.pipelines.JobOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the fraud job: the bank's card transactions checked against four rules. */
public interface FraudOptions extends JobOptions, GeneratorOptions {

  @Description(
      "File pattern of card transactions 'transaction id,timestamp,city,customer id,account id,card "
          + "number,amount' (timestamp yyyy-MM-dd HH:mm:ss UTC or ISO-8601: the event time). Absent: "
          + "the built-in generator makes transactions, alarmed customers and lost cards.")
  String getTransactions();

  void setTransactions(String value);

  @Description("File pattern of alarmed customers 'customer id,account id'. Absent: no customer is alarmed.")
  String getAlarmedCustomers();

  void setAlarmedCustomers(String value);

  @Description("File pattern of lost cards 'card number,reported at,holder name,status'. Absent: no card is lost.")
  String getLostCards();

  void setLostCards(String value);

  @Description(
      "Window of the EXCESSIVE_TRANSACTIONS and CITY_CHANGE rules, per customer: fixed:<size> or "
          + "sliding:<size>,<period> (event time).")
  @Default.String("fixed:10s")
  String getRuleWindow();

  void setRuleWindow(String value);

  @Description("EXCESSIVE_TRANSACTIONS: more than this many transactions by one customer in one window.")
  @Default.Integer(10)
  int getExcessiveAbove();

  void setExcessiveAbove(int value);

  @Description("Generator: number of customers.")
  @Default.Integer(40)
  int getGeneratorCustomers();

  void setGeneratorCustomers(int value);

  @Description("Generator: share (0 to 1) of transactions made by the hot customer of each 10 seconds (bursts).")
  @Default.Double(0.12)
  double getGeneratorHotShare();

  void setGeneratorHotShare(double value);

  @Description("Generator: share (0 to 1) of transactions made away from the customer's home city.")
  @Default.Double(0.03)
  double getGeneratorCityChangeShare();

  void setGeneratorCityChangeShare(double value);
}
