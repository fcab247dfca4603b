package io.incidentresponse.activities.metrics;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Locale;

/**
 * Where the incident history lives. Temporal forgets closed workflows after the namespace's
 * retention, so each incident's summary is kept here for the monthly metrics and report.
 *
 * <p>Connections: every call opens a fresh connection through {@link java.sql.DriverManager} and
 * closes it. The store is written a handful of times per incident and read once a minute by the
 * gauges, so a pool would only hold idle connections. H2 in file mode lets one process open the
 * file at a time: the worker owns it (and keeps it open, {@link #H2_KEEP_OPEN}), and anything else
 * that needs the history (the on-demand report) goes through the worker's activities. Point {@code
 * url} at PostgreSQL to share it.
 *
 * @param url JDBC URL; default {@link #DEFAULT_URL}, an H2 file under {@code ./data} in PostgreSQL
 *     compatibility mode ({@code MODE=PostgreSQL}, lower-case identifiers, nulls sorted last as in
 *     PostgreSQL) so both run the same SQL and migrations; an embedded H2 URL without {@code
 *     DB_CLOSE_DELAY} gets {@link #H2_KEEP_OPEN}; e.g. {@code jdbc:postgresql://db:5432/incidents}
 *     in production
 * @param username the role to connect as; default empty (H2 accepts it)
 * @param password its password; never printed (nor a {@code password=} parameter of the URL)
 * @param zone the zone whose calendar months the metrics count in; default UTC
 */
public record HistorySettings(String url, String username, String password, ZoneId zone) {

  /**
   * The H2 options that make it accept the PostgreSQL dialect the store uses: PostgreSQL mode,
   * unquoted identifiers folded to lower case and nulls sorted last, both as PostgreSQL does.
   */
  public static final String H2_OPTIONS =
      "MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

  /**
   * Added to an embedded H2 URL that does not set it: the database stays open while the process
   * lives. Without it H2 closes the database when its last connection closes, and a connection that
   * opens it again while it is closing reopens it without the URL's {@code MODE} (H2 2.x takes
   * {@code MODE} out of the connection's settings when that connection creates the database, then
   * retries with what is left), so writers that arrive in that moment run in H2's own dialect and
   * fail on {@code ON CONFLICT}. It also spares opening the file on every call.
   */
  public static final String H2_KEEP_OPEN = "DB_CLOSE_DELAY=-1";

  /** The local embedded default: an H2 file database under {@code ./data}. */
  public static final String DEFAULT_URL =
      "jdbc:h2:file:./data/incident-history;" + H2_OPTIONS + ";" + H2_KEEP_OPEN;

  public HistorySettings {
    url = keptOpen(url == null || url.isBlank() ? DEFAULT_URL : url.trim());
    username = username == null ? "" : username;
    password = password == null ? "" : password;
    zone = zone == null ? ZoneId.of("UTC") : zone;
  }

  /** The URL and role, months counted in UTC. */
  public static HistorySettings of(String url, String username, String password) {
    return new HistorySettings(url, username, password, null);
  }

  /** An H2 file database named {@code incident-history} in {@code directory}, with the options. */
  public static HistorySettings h2File(Path directory, ZoneId zone) {
    String file = directory.toAbsolutePath().resolve("incident-history").toString();
    return new HistorySettings(
        "jdbc:h2:file:" + file + ";" + H2_OPTIONS + ";" + H2_KEEP_OPEN, "", "", zone);
  }

  private static String keptOpen(String url) {
    boolean h2 =
        url.startsWith("jdbc:h2:")
            && !url.startsWith("jdbc:h2:tcp:")
            && !url.startsWith("jdbc:h2:ssl:");
    boolean set = url.toUpperCase(Locale.ROOT).contains(";DB_CLOSE_DELAY=");
    return h2 && !set ? url + ";" + H2_KEEP_OPEN : url;
  }

  /** True for the embedded H2 database (single process), false for a server. */
  public boolean embedded() {
    return url.startsWith("jdbc:h2:");
  }

  /** The URL with any {@code password=} parameter masked. */
  public String safeUrl() {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1(set)");
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "HistorySettings[url="
        + safeUrl()
        + ", username="
        + username
        + ", password="
        + (password.isEmpty() ? "(none)" : "(set)")
        + ", zone="
        + zone
        + "]";
  }
}
