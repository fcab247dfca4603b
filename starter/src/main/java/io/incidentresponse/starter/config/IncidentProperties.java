package io.incidentresponse.starter.config;

import io.incidentresponse.workflows.activities.TaskQueues;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the starter, under {@code incident.*}.
 *
 * @param policy the response policy handed to every new incident; unset fields take the runbook's
 *     defaults (see the README's policy table)
 * @param grouping how alerts are grouped into incidents
 * @param webhooks webhook authentication and limits
 * @param taskQueue task queue of the incident workflows
 * @param retryAfter the Retry-After sent with a 503 when Temporal cannot be reached
 */
@ConfigurationProperties("incident")
public record IncidentProperties(
    ResponsePolicy policy,
    @DefaultValue Grouping grouping,
    @DefaultValue Webhooks webhooks,
    @DefaultValue(TaskQueues.INCIDENTS) String taskQueue,
    @DefaultValue("30s") Duration retryAfter) {

  public IncidentProperties {
    policy = policy == null ? ResponsePolicy.defaults() : policy;
  }

  /**
   * @param keyLabels labels whose values make the incident key; alerts with equal keys join one
   *     running incident
   * @param alertmanagerGroupKey use Alertmanager's groupKey as the key instead
   */
  public record Grouping(
      @DefaultValue({"service", "alertname"}) List<String> keyLabels,
      @DefaultValue("false") boolean alertmanagerGroupKey) {

    public Grouping {
      if (keyLabels.isEmpty() || keyLabels.stream().anyMatch(String::isBlank)) {
        throw new IllegalArgumentException(
            "incident.grouping.key-labels needs at least one label name, and no blank one");
      }
    }
  }

  /**
   * @param maxBodySize larger bodies are refused with 413 before they are parsed
   * @param alertmanager auth of {@code POST /webhooks/alertmanager}
   * @param grafana auth of {@code POST /webhooks/grafana}
   * @param api auth of {@code /api/**} (declare, signals, queries)
   * @param pagerdutySigningSecrets secrets of the PagerDuty V3 webhook subscription; any one may
   *     match (rotation); empty leaves the endpoint unauthenticated
   */
  public record Webhooks(
      @DefaultValue("1MB") DataSize maxBodySize,
      @DefaultValue WebhookAuth alertmanager,
      @DefaultValue WebhookAuth grafana,
      @DefaultValue WebhookAuth api,
      @DefaultValue List<String> pagerdutySigningSecrets) {

    @Override
    public String toString() {
      return "Webhooks[maxBodySize="
          + maxBodySize
          + ", alertmanager="
          + alertmanager
          + ", grafana="
          + grafana
          + ", api="
          + api
          + ", pagerdutySigningSecrets="
          + pagerdutySigningSecrets.size()
          + " configured]";
    }
  }

  public enum AuthType {
    NONE,
    BEARER,
    BASIC
  }

  /**
   * @param type NONE, BEARER (needs token) or BASIC (needs username and password)
   */
  public record WebhookAuth(
      @DefaultValue("NONE") AuthType type, String token, String username, String password) {

    public WebhookAuth {
      if (type == AuthType.BEARER && (token == null || token.isBlank())) {
        throw new IllegalArgumentException("BEARER webhook auth needs a token");
      }
      if (type == AuthType.BASIC && (username == null || password == null)) {
        throw new IllegalArgumentException("BASIC webhook auth needs a username and a password");
      }
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
      return "WebhookAuth[type=" + type + (username == null ? "" : ", username=" + username) + "]";
    }
  }
}
