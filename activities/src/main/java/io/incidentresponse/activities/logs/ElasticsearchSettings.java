package io.incidentresponse.activities.logs;

import static io.incidentresponse.activities.SettingChecks.atLeast;
import static io.incidentresponse.activities.SettingChecks.baseUrl;

import java.util.List;

/**
 * How to reach Elasticsearch (or OpenSearch, whose {@code _search} answers alike) and where the
 * service's logs are.
 *
 * @param url base URL, e.g. {@code https://elasticsearch:9200}; the integration is configured when
 *     it is not blank
 * @param username basic-auth user, with {@code password}; never printed
 * @param password basic-auth password; never printed
 * @param apiKey an API key (the base64 {@code id:api_key} that Elasticsearch calls {@code
 *     encoded}), sent as {@code Authorization: ApiKey}; wins over username/password; never printed
 * @param index index, alias, data stream or pattern to search; default {@code logs-*}
 * @param timestampField the event time; default {@code @timestamp}
 * @param levelField the log level; default {@code log.level} (ECS)
 * @param messageField the message, shown in samples; default {@code message}
 * @param messageAggregationField the keyword field the most frequent messages are counted on;
 *     default {@code <messageField>.keyword} (the dynamic-mapping sub-field; a text field cannot be
 *     aggregated on)
 * @param serviceField the field holding the service name; default {@code service.name} (ECS)
 * @param errorLevels the level values that count as errors; default {@code error}, {@code fatal},
 *     {@code ERROR}
 * @param maxSamples how many of the newest error lines to show; default 5
 * @param maxGroups how many of the most frequent messages to show; default 5
 */
public record ElasticsearchSettings(
    String url,
    String username,
    String password,
    String apiKey,
    String index,
    String timestampField,
    String levelField,
    String messageField,
    String messageAggregationField,
    String serviceField,
    List<String> errorLevels,
    Integer maxSamples,
    Integer maxGroups) {

  public ElasticsearchSettings {
    url = baseUrl("incident.elasticsearch.url", url);
    index = or(index, "logs-*");
    timestampField = or(timestampField, "@timestamp");
    levelField = or(levelField, "log.level");
    messageField = or(messageField, "message");
    messageAggregationField = or(messageAggregationField, messageField + ".keyword");
    serviceField = or(serviceField, "service.name");
    errorLevels =
        errorLevels == null || errorLevels.isEmpty()
            ? List.of("error", "fatal", "ERROR")
            : List.copyOf(errorLevels);
    maxSamples = atLeast("incident.elasticsearch.max-samples", maxSamples, 0, 5);
    maxGroups = atLeast("incident.elasticsearch.max-groups", maxGroups, 1, 5);
  }

  /** Settings with every default: the URL and credentials only. */
  public static ElasticsearchSettings of(
      String url, String username, String password, String apiKey) {
    return new ElasticsearchSettings(
        url, username, password, apiKey, null, null, null, null, null, null, null, null, null);
  }

  public boolean configured() {
    return !blank(url);
  }

  static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static String or(String value, String fallback) {
    return blank(value) ? fallback : value.strip();
  }

  /** Never prints the password or the API key. */
  @Override
  public String toString() {
    return "ElasticsearchSettings[url="
        + url
        + ", username="
        + (blank(username) ? "(none)" : "(set)")
        + ", password="
        + (blank(password) ? "(none)" : "(set)")
        + ", apiKey="
        + (blank(apiKey) ? "(none)" : "(set)")
        + ", index="
        + index
        + ", timestampField="
        + timestampField
        + ", levelField="
        + levelField
        + ", messageField="
        + messageField
        + ", messageAggregationField="
        + messageAggregationField
        + ", serviceField="
        + serviceField
        + ", errorLevels="
        + errorLevels
        + ", maxSamples="
        + maxSamples
        + ", maxGroups="
        + maxGroups
        + "]";
  }
}
