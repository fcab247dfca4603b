package io.incidentresponse.activities.database;

import static io.incidentresponse.activities.SettingChecks.positive;

import java.time.Duration;
import java.util.List;

/**
 * How to reach the PostgreSQL server the diagnosis and the TERMINATE_QUERIES mitigation look at.
 * Each call opens a fresh connection through {@link java.sql.DriverManager} and closes it: the
 * activities run a few times per incident, so a pool would only hold idle connections on a server
 * that may be short of them.
 *
 * <p>The role needs {@code pg_monitor} (or {@code pg_read_all_stats}) to see other roles' queries
 * and {@code pg_signal_backend} to terminate them; it can never terminate a superuser's session
 * unless it is one.
 *
 * @param url JDBC URL, e.g. {@code jdbc:postgresql://db.shop.svc:5432/shop}; the integration is
 *     configured when it is not blank
 * @param username the role to connect as
 * @param password its password; never printed (nor a {@code password=} parameter in the URL)
 * @param longQueryThreshold a query active for longer is "long" (the runbook's {@code query_start <
 *     now() - interval '5 minutes'}); default 5 minutes
 * @param connectionAlarmRatio connections in use over {@code max_connections} at or above which the
 *     probe reports an anomaly; default 0.8
 * @param queryTimeout bound on connecting and on every statement ({@code connectTimeout}, {@code
 *     loginTimeout}, {@code Statement.setQueryTimeout}; the socket timeout is a few seconds longer
 *     so the server's cancel wins), so a hung database never hangs the activity; default 10 s
 * @param protectedUsers roles whose sessions are never terminated; default {@code postgres}: the
 *     superuser's long queries are a DBA's maintenance (VACUUM, CREATE INDEX, a migration), not the
 *     application's load, and a non-superuser tool could not signal them anyway. The tool's own
 *     session, replication (walsender), autovacuum and other non-client backends are always left
 *     alone whatever this says; an empty list protects no role
 */
public record DatabaseSettings(
    String url,
    String username,
    String password,
    Duration longQueryThreshold,
    Double connectionAlarmRatio,
    Duration queryTimeout,
    List<String> protectedUsers) {

  public DatabaseSettings {
    longQueryThreshold =
        positive(
            "incident.database.long-query-threshold", longQueryThreshold, Duration.ofMinutes(5));
    connectionAlarmRatio = connectionAlarmRatio == null ? 0.8 : connectionAlarmRatio;
    if (connectionAlarmRatio <= 0 || connectionAlarmRatio > 1) {
      throw new IllegalArgumentException(
          "incident.database.connection-alarm-ratio must be in (0, 1], was "
              + connectionAlarmRatio);
    }
    queryTimeout =
        positive("incident.database.query-timeout", queryTimeout, Duration.ofSeconds(10));
    protectedUsers =
        protectedUsers == null
            ? List.of("postgres")
            : protectedUsers.stream().map(String::trim).filter(u -> !u.isEmpty()).toList();
  }

  /** The URL and role, with the defaults for everything else. */
  public static DatabaseSettings of(String url, String username, String password) {
    return new DatabaseSettings(url, username, password, null, null, null, null);
  }

  public boolean configured() {
    return url != null && !url.isBlank();
  }

  /** The threshold in whole seconds (at least 1). */
  public long longQuerySeconds() {
    return Math.max(1, longQueryThreshold.toSeconds());
  }

  /** The URL with any {@code password=} parameter masked. */
  public String safeUrl() {
    return url == null ? null : url.replaceAll("(?i)(password=)[^&;]*", "$1(set)");
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "DatabaseSettings[url="
        + safeUrl()
        + ", username="
        + username
        + ", password="
        + (password == null || password.isEmpty() ? "(none)" : "(set)")
        + ", longQueryThreshold="
        + longQueryThreshold
        + ", connectionAlarmRatio="
        + connectionAlarmRatio
        + ", queryTimeout="
        + queryTimeout
        + ", protectedUsers="
        + protectedUsers
        + "]";
  }
}
