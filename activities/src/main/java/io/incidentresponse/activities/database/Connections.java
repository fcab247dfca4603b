package io.incidentresponse.activities.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Pattern;

/** Opening a bounded connection, and the query text made safe to show. */
final class Connections {
  /** How the tool's sessions show in {@code pg_stat_activity.application_name}. */
  static final String APPLICATION_NAME = "incident-response";

  private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^']|'')*(?:'|$)");
  private static final Pattern DOLLAR_QUOTED =
      Pattern.compile("\\$([A-Za-z_][A-Za-z_0-9]*)?\\$.*?(?:\\$\\1\\$|$)", Pattern.DOTALL);
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private Connections() {}

  /** A fresh connection; connecting and the socket are bounded by the settings' query timeout. */
  static Connection open(DatabaseSettings settings) throws SQLException {
    int timeout = timeoutSeconds(settings);
    Properties properties = new Properties();
    if (settings.username() != null && !settings.username().isBlank()) {
      properties.setProperty("user", settings.username());
    }
    if (settings.password() != null && !settings.password().isEmpty()) {
      properties.setProperty("password", settings.password());
    }
    properties.setProperty("connectTimeout", Integer.toString(timeout));
    properties.setProperty("loginTimeout", Integer.toString(timeout));
    // Longer than the statement timeout, so a slow statement ends with the server's cancel
    // (57014) and only a server that does not answer at all trips the socket.
    properties.setProperty("socketTimeout", Integer.toString(timeout + 5));
    properties.setProperty("ApplicationName", APPLICATION_NAME);
    return DriverManager.getConnection(settings.url(), properties);
  }

  /** A statement with the settings' query timeout. */
  static PreparedStatement prepare(Connection connection, DatabaseSettings settings, String sql)
      throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    statement.setQueryTimeout(timeoutSeconds(settings));
    return statement;
  }

  static int timeoutSeconds(DatabaseSettings settings) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE - 5, settings.queryTimeout().toSeconds()));
  }

  /**
   * The query with every string literal (and dollar-quoted body) replaced by {@code '?'}, since
   * literals may hold secrets or personal data, white space collapsed, cut to {@code max} chars.
   */
  static String masked(String query, int max) {
    if (query == null) {
      return "";
    }
    String text = STRING_LITERAL.matcher(query).replaceAll("'?'");
    text = DOLLAR_QUOTED.matcher(text).replaceAll("'?'");
    text = WHITESPACE.matcher(text).replaceAll(" ").trim();
    return text.length() > max ? text.substring(0, max) + "..." : text;
  }
}
