package io.incidentresponse.activities.logs;

import static io.incidentresponse.activities.SettingChecks.atLeast;
import static io.incidentresponse.activities.SettingChecks.baseUrl;
import static io.incidentresponse.activities.SettingChecks.blank;
import static io.incidentresponse.activities.SettingChecks.positive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach Grafana Loki and which log lines are the service's errors ({@code incident.loki.*}).
 *
 * @param url base URL, e.g. {@code http://loki-gateway.monitoring:3100}; the integration is
 *     configured when it is not blank
 * @param tenant the tenant sent as {@code X-Scope-OrgID} (multi-tenant Loki); none when blank
 * @param bearerToken sent as {@code Authorization: Bearer}; never printed
 * @param bearerTokenFile a file holding the bearer token, read at every query (a rotated or
 *     projected token is picked up); never printed
 * @param username basic-auth user (Grafana Cloud: the stack's user id), with {@code password}
 * @param password basic-auth password; never printed
 * @param passwordFile a file holding the basic-auth password, read at every query; never printed
 * @param query the LogQL log query; {@code {service}} and {@code {namespace}} are replaced by the
 *     incident's (escaped for a LogQL string); default {@code {namespace="{namespace}",
 *     app="{service}"} |~ "(?i)(error|exception|fatal|panic)"}
 * @param limit at most this many lines per query (Loki's {@code limit}, newest first); default 2000
 *     (Loki refuses more than its {@code max_entries_limit_per_query}, 5000 by default)
 * @param timeout the whole query, connect to last byte; default 10 s
 * @param maxGroups how many of the most frequent messages to show; default 5
 * @param maxSamples how many of the newest error lines to show; default 5
 */
public record LokiSettings(
    String url,
    String tenant,
    String bearerToken,
    String bearerTokenFile,
    String username,
    String password,
    String passwordFile,
    String query,
    Integer limit,
    Duration timeout,
    Integer maxGroups,
    Integer maxSamples) {

  public static final String DEFAULT_QUERY =
      "{namespace=\"{namespace}\", app=\"{service}\"} |~ \"(?i)(error|exception|fatal|panic)\"";

  public LokiSettings {
    url = baseUrl("incident.loki.url", url);
    tenant = blank(tenant) ? null : tenant.strip();
    query = blank(query) ? DEFAULT_QUERY : query.strip();
    if (!query.contains("{service}")) {
      throw new IllegalArgumentException(
          "incident.loki.query must contain {service}: without it every service's errors would"
              + " count as this one's");
    }
    limit = atLeast("incident.loki.limit", limit, 1, 2000);
    timeout = positive("incident.loki.timeout", timeout, Duration.ofSeconds(10));
    maxGroups = atLeast("incident.loki.max-groups", maxGroups, 1, 5);
    maxSamples = atLeast("incident.loki.max-samples", maxSamples, 0, 5);
    boolean bearer = !blank(bearerToken) || !blank(bearerTokenFile);
    if (bearer && !blank(username)) {
      throw new IllegalArgumentException(
          "set incident.loki.bearer-token(-file) or incident.loki.username, not both");
    }
    if (!blank(bearerToken) && !blank(bearerTokenFile)) {
      throw new IllegalArgumentException(
          "set incident.loki.bearer-token or incident.loki.bearer-token-file, not both");
    }
    if (!blank(password) && !blank(passwordFile)) {
      throw new IllegalArgumentException(
          "set incident.loki.password or incident.loki.password-file, not both");
    }
    readable("incident.loki.bearer-token-file", bearerTokenFile);
    readable("incident.loki.password-file", passwordFile);
  }

  /** Settings with every default: the URL only. */
  public static LokiSettings of(String url) {
    return new LokiSettings(url, null, null, null, null, null, null, null, null, null, null, null);
  }

  public boolean configured() {
    return !blank(url);
  }

  /** The bearer token to send now (the file's content when a file is set), or null. */
  String currentBearerToken() {
    return blank(bearerTokenFile) ? blankToNull(bearerToken) : read(bearerTokenFile);
  }

  /** The basic-auth password to send now, or null. */
  String currentPassword() {
    return blank(passwordFile) ? blankToNull(password) : read(passwordFile);
  }

  private static String blankToNull(String value) {
    return blank(value) ? null : value;
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      // The path is configuration, not a secret; the content never reaches a message.
      throw new IllegalStateException("cannot read " + file + ": " + e.getClass().getSimpleName());
    }
  }

  private static void readable(String property, String file) {
    if (!blank(file) && !Files.isReadable(Path.of(file))) {
      throw new IllegalArgumentException(property + " names a file that cannot be read: " + file);
    }
  }

  /** Never prints the token or the password. */
  @Override
  public String toString() {
    return "LokiSettings[url="
        + url
        + ", tenant="
        + (tenant == null ? "(none)" : tenant)
        + ", bearerToken="
        + (blank(bearerToken) ? "(none)" : "(set)")
        + ", bearerTokenFile="
        + (blank(bearerTokenFile) ? "(none)" : bearerTokenFile)
        + ", username="
        + (blank(username) ? "(none)" : "(set)")
        + ", password="
        + (blank(password) ? "(none)" : "(set)")
        + ", passwordFile="
        + (blank(passwordFile) ? "(none)" : passwordFile)
        + ", query="
        + query
        + ", limit="
        + limit
        + ", timeout="
        + timeout
        + ", maxGroups="
        + maxGroups
        + ", maxSamples="
        + maxSamples
        + "]";
  }
}
