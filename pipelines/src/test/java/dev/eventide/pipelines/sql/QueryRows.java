package dev.eventide.pipelines.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** A job's result lines and a query's rows made comparable: the rows have no pane, nor rounding. */
public final class QueryRows {

  private static final ObjectMapper JSON = new ObjectMapper();

  private QueryRows() {}

  /** A job's result line without its pane fields: what a query's row of the same columns holds. */
  public static String withoutPane(String line) {
    return edit(line, json -> {
      json.remove("pane");
      json.remove("paneIndex");
    });
  }

  public static Set<String> withoutPanes(Set<String> lines) {
    return lines.stream().map(QueryRows::withoutPane).collect(Collectors.toSet());
  }

  /** A query's row with its average rounded to six places, as the telemetry job rounds it. */
  public static String averageRounded(String row) {
    return edit(row, json -> json.put("average", Math.round(json.get("average").asDouble() * 1e6) / 1e6));
  }

  private static String edit(String line, Consumer<ObjectNode> change) {
    try {
      ObjectNode json = (ObjectNode) JSON.readTree(line);
      change.accept(json);
      return json.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
