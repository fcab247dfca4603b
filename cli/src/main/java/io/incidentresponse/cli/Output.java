package io.incidentresponse.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * How answers are printed: aligned tables (long cells shortened), wide tables (every column, no
 * shortening) or the API's JSON.
 */
public final class Output {
  /** The {@code --output} formats. */
  public enum Format {
    TABLE,
    WIDE,
    JSON
  }

  /** Longest cell of a table in the default format; {@code wide} prints them whole. */
  static final int CELL = 60;

  private final Format format;
  private final PrintWriter out;

  Output(Format format, PrintWriter out) {
    this.format = format;
    this.out = out;
  }

  public Format format() {
    return format;
  }

  public boolean json() {
    return format == Format.JSON;
  }

  public boolean wide() {
    return format == Format.WIDE;
  }

  public PrintWriter out() {
    return out;
  }

  /** The API's JSON, indented. */
  public void print(JsonNode body) {
    out.println(Json.pretty(body));
    out.flush();
  }

  /**
   * The answer of a request that started or sent something: the API's JSON, or one line, {@code
   * format} filled with the answer's {@code fields} as text. Exits {@link ExitCode#DONE}.
   */
  public Integer answer(JsonNode answer, String format, String... fields) {
    if (json()) {
      print(answer);
    } else {
      Object[] values = new Object[fields.length];
      for (int i = 0; i < fields.length; i++) {
        values[i] = text(answer, fields[i]);
      }
      out.printf(format, values);
      out.flush();
    }
    return ExitCode.DONE.code();
  }

  /** Aligned columns, the first row the header; the last column is not padded. */
  public void table(List<List<String>> rows) {
    int columns = rows.get(0).size();
    int[] width = new int[columns];
    List<List<String>> cells =
        rows.stream().map(row -> row.stream().map(this::cell).toList()).toList();
    for (List<String> row : cells) {
      for (int c = 0; c < columns - 1; c++) {
        width[c] = Math.max(width[c], row.get(c).length());
      }
    }
    for (List<String> row : cells) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        String cell = row.get(c);
        line.append(c == columns - 1 ? cell : cell + " ".repeat(width[c] - cell.length() + 2));
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }

  /**
   * A list the API answered: its JSON as it is, or a table of {@code fields} under {@code headers}.
   */
  public void list(JsonNode rows, List<String> headers, List<String> fields) {
    if (json()) {
      print(rows);
      return;
    }
    List<List<String>> table = new ArrayList<>();
    table.add(headers);
    for (JsonNode row : rows) {
      table.add(fields.stream().map(field -> text(row, field)).toList());
    }
    table(table);
  }

  /**
   * Rows printed as they come (e.g. followed live), columns padded to fixed widths so that rows of
   * different batches line up.
   */
  public void rows(List<List<String>> rows) {
    int[] width = {24, 12};
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.size(); c++) {
        String cell = cell(row.get(c));
        int pad = c < width.length && c < row.size() - 1 ? width[c] - cell.length() : 0;
        line.append(cell)
            .append(" ".repeat(Math.max(pad, 0)))
            .append(c < row.size() - 1 ? "  " : "");
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }

  private String cell(String value) {
    String text = value == null ? "-" : value.replace('\n', ' ').replace('\r', ' ');
    return format == Format.TABLE && text.length() > CELL
        ? text.substring(0, CELL - 1) + "…"
        : text;
  }

  /** A field's text, or {@code -} when missing or null. */
  public static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? "-" : value.asString();
  }
}
