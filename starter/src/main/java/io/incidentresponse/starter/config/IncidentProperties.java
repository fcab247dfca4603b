package io.incidentresponse.starter.config;

import io.incidentresponse.workflows.incident.TaskQueues;
import io.incidentresponse.workflows.intake.DeliveryIntakeWorkflow;
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
 * @param limits bounds on what a request may carry into an incident
 * @param temporal how long a request waits for Temporal
 * @param redelivery the memory of deliveries already accepted
 * @param ingestion how alerts are handed to Temporal
 */
@ConfigurationProperties("incident")
public record IncidentProperties(
    ResponsePolicy policy,
    @DefaultValue Grouping grouping,
    @DefaultValue Webhooks webhooks,
    @DefaultValue(TaskQueues.INCIDENTS) String taskQueue,
    @DefaultValue("30s") Duration retryAfter,
    @DefaultValue Limits limits,
    @DefaultValue Temporal temporal,
    @DefaultValue Redelivery redelivery,
    @DefaultValue Ingestion ingestion) {

  public IncidentProperties {
    policy = policy == null ? ResponsePolicy.defaults() : policy;
  }

  /**
   * What one request may carry into an incident. What an incident could not hold (a label value
   * longer than a search attribute, thousands of labels) is refused with 422 naming the field,
   * before anything is accepted; an annotation or description that is merely long is shortened.
   *
   * @param labelNameLength longest label (and annotation) name
   * @param labelValueLength longest label value; also fingerprints, namespaces, action targets
   * @param labelsPerAlert most labels on one alert (and most annotations, action parameters)
   * @param annotationLength annotations and declared descriptions are cut to this many characters,
   *     ending with an ellipsis; a longer link (generatorURL, html_url) is dropped
   * @param alertsPerDelivery most alerts in one webhook delivery (set Alertmanager's {@code
   *     max_alerts} to at most this)
   * @param nameLength longest person or action name: {@code by}, {@code approver}, {@code person},
   *     {@code commander}, {@code actionId}, an action item's {@code owner}
   * @param textLength longest free text: {@code note}, {@code reason}, {@code comment}, {@code
   *     text}, a declared {@code title}, an action item's {@code action}
   * @param timestampAge oldest accepted timestamp ({@code startsAt}, {@code endsAt}...), before now
   * @param timestampLead newest accepted timestamp, after now
   */
  public record Limits(
      @DefaultValue("128") int labelNameLength,
      @DefaultValue("1024") int labelValueLength,
      @DefaultValue("64") int labelsPerAlert,
      @DefaultValue("4096") int annotationLength,
      @DefaultValue("1000") int alertsPerDelivery,
      @DefaultValue("200") int nameLength,
      @DefaultValue("2000") int textLength,
      @DefaultValue("366d") Duration timestampAge,
      @DefaultValue("1d") Duration timestampLead) {

    public Limits {
      positive("label-name-length", labelNameLength);
      positive("label-value-length", labelValueLength);
      positive("labels-per-alert", labelsPerAlert);
      positive("alerts-per-delivery", alertsPerDelivery);
      positive("name-length", nameLength);
      positive("text-length", textLength);
      if (annotationLength < 2) {
        throw new IllegalArgumentException("incident.limits.annotation-length must be at least 2");
      }
      if (timestampAge.isNegative() || timestampLead.isNegative()) {
        throw new IllegalArgumentException(
            "incident.limits.timestamp-age and timestamp-lead must not be negative");
      }
    }

    private static void positive(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException("incident.limits." + name + " must be at least 1");
      }
    }
  }

  /**
   * How long a request waits for Temporal, SDK retries included, so a caller gets an answer within
   * its own timeout (PagerDuty waits 5 s) and no request thread is held.
   *
   * @param deadline starts, signals and lists: past it the answer is 503 with Retry-After
   * @param queryDeadline an incident's state, timeline and approvals, which its worker answers:
   *     past it the answer is 504 (the worker may be busy or down)
   */
  public record Temporal(
      @DefaultValue("3s") Duration deadline, @DefaultValue("4s") Duration queryDeadline) {

    public Temporal {
      if (deadline.compareTo(Duration.ofMillis(100)) < 0
          || queryDeadline.compareTo(Duration.ofMillis(100)) < 0) {
        throw new IllegalArgumentException(
            "incident.temporal.deadline and query-deadline must be at least 100ms");
      }
    }
  }

  /**
   * Exact redeliveries (the same delivery id: PagerDuty's X-Webhook-Id, else the body's hash) of an
   * accepted delivery are answered from memory and never reach Temporal.
   *
   * @param window how long an accepted delivery is remembered; 0 remembers nothing
   * @param maxRemembered most deliveries remembered at once (the oldest are forgotten first)
   */
  public record Redelivery(
      @DefaultValue("10m") Duration window, @DefaultValue("10000") int maxRemembered) {

    public Redelivery {
      if (window.isNegative() || maxRemembered < 0) {
        throw new IllegalArgumentException(
            "incident.redelivery.window and max-remembered must not be negative");
      }
    }
  }

  /**
   * How a delivery's alerts reach Temporal.
   *
   * @param parallelism most incidents (alert groups) of one delivery sent to Temporal at once; the
   *     delivery is answered after every group was accepted or failed
   * @param runningListInterval how often the running maintenances and drills are listed (one
   *     visibility query), so that an alert for a service with neither costs no look-up of its own;
   *     0, or a Temporal without visibility (the Java test server), looks each service up as before
   * @param directGroups a delivery with at most this many incidents (alert groups) goes straight to
   *     them and is answered with their runs; one with more is queued whole in an intake workflow
   *     with one Temporal call and fanned out afterwards (its answer names the incidents, queued)
   * @param intakeTaskQueue task queue of the intake workflows, polled by every starter
   * @param intakeParallelism most groups of queued deliveries sent to Temporal at once by this
   *     starter, all intakes together
   * @param intakeStuckAfter a queued group Temporal has not accepted for this long is stuck:
   *     counted in {@code incident.intake.stuck} and named in a WARN (it is still retried, without
   *     end)
   * @param intakeStuckWarningEvery a stuck group is named in a WARN at most once in this time
   * @param joinedDeliveries most deliveries to one incident carried by one signal-with-start: those
   *     that arrive while a call to the incident is out leave together in the next; 1 (the default
   *     in this version) sends each on its own: a worker older than joined deliveries cannot read a
   *     shared signal and drops it, so it is raised once every worker is upgraded
   * @param policyByName when the policy is the runbook's defaults exactly, a new incident's input
   *     names their edition (33 bytes) instead of carrying them (1.9 KB), in the history and in the
   *     worker's memory for as long as the incident is open; a configured policy always travels
   *     whole. A worker older than this starter cannot read a named policy: it fails the incident's
   *     workflow task (logged, retried) until an upgraded worker takes it, so it is off (the
   *     default in this version) until every worker is upgraded, as {@code joinedDeliveries}
   */
  public record Ingestion(
      @DefaultValue("8") int parallelism,
      @DefaultValue("5s") Duration runningListInterval,
      @DefaultValue("4") int directGroups,
      @DefaultValue(DeliveryIntakeWorkflow.TASK_QUEUE) String intakeTaskQueue,
      @DefaultValue("4") int intakeParallelism,
      @DefaultValue("1m") Duration intakeStuckAfter,
      @DefaultValue("5m") Duration intakeStuckWarningEvery,
      @DefaultValue("1") int joinedDeliveries,
      @DefaultValue("false") boolean policyByName) {

    public Ingestion {
      if (parallelism < 1) {
        throw new IllegalArgumentException("incident.ingestion.parallelism must be at least 1");
      }
      if (runningListInterval.isNegative()) {
        throw new IllegalArgumentException(
            "incident.ingestion.running-list-interval must not be negative");
      }
      if (directGroups < 1) {
        throw new IllegalArgumentException("incident.ingestion.direct-groups must be at least 1");
      }
      if (intakeTaskQueue == null || intakeTaskQueue.isBlank()) {
        throw new IllegalArgumentException(
            "incident.ingestion.intake-task-queue must not be blank");
      }
      if (intakeParallelism < 1) {
        throw new IllegalArgumentException(
            "incident.ingestion.intake-parallelism must be at least 1");
      }
      if (intakeStuckAfter.isNegative()) {
        throw new IllegalArgumentException(
            "incident.ingestion.intake-stuck-after must not be negative");
      }
      if (intakeStuckWarningEvery.isNegative() || intakeStuckWarningEvery.isZero()) {
        throw new IllegalArgumentException(
            "incident.ingestion.intake-stuck-warning-every must be positive");
      }
      if (joinedDeliveries < 1) {
        throw new IllegalArgumentException(
            "incident.ingestion.joined-deliveries must be at least 1");
      }
    }
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
   * @param api no longer supported (start-up fails when set): the REST API's callers are people,
   *     with API keys or OIDC tokens under {@code incident.security.*}
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
