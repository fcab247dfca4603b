package io.incidentresponse.workflows.policy;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.incident.Impact;
import io.incidentresponse.workflows.incident.Severity;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Classifies alerts into a severity and an impact. Pure and deterministic, so the workflow calls it
 * directly.
 *
 * <p>Rules, first match wins, evaluated per alert and the most severe alert taken:
 *
 * <ol>
 *   <li>an explicit {@code priority} label ({@code P0}..{@code P3});
 *   <li>a security breach ({@code category} or {@code type} label {@code security}/{@code breach},
 *       or {@code security="true"}): P0;
 *   <li>a complete outage ({@code impact="outage"} or {@code outage="true"}): P0 on a CRITICAL
 *       service, P1 elsewhere;
 *   <li>the {@code severity} label against the service tier: critical/page on a CRITICAL service is
 *       P0, on HIGH or STANDARD P1, on LOW P2; warning is P2, or P3 on a LOW service; anything else
 *       (info, none) is P3.
 * </ol>
 *
 * <p>Impact follows the severity (P0 Critical ... P3 Low) unless an {@code impact} label names one
 * of Critical/High/Medium/Low.
 */
public final class Classifier {
  private static final List<String> SERVICE_LABELS =
      List.of("service", "app", "app_kubernetes_io_name", "deployment", "job");
  private static final Set<String> CRITICAL_WORDS =
      Set.of("critical", "page", "emergency", "error");
  private static final Set<String> WARNING_WORDS = Set.of("warning", "warn", "major", "high");
  private static final Set<String> TRUE_WORDS = Set.of("true", "yes", "1");

  private Classifier() {}

  public static Classification classify(
      Collection<Alert> alerts, ResponsePolicy policy, String titleHint) {
    if (alerts.isEmpty()) {
      throw new IllegalArgumentException("an incident needs at least one alert");
    }
    Alert first = alerts.iterator().next();
    String service = serviceOf(first);
    String namespace =
        Optional.ofNullable(first.label("namespace")).orElse(policy.defaultNamespace());
    Severity worst = Severity.P3;
    String reason = null;
    Impact labelledImpact = null;
    for (Alert alert : alerts) {
      Verdict verdict = judge(alert, policy.profile(serviceOf(alert)).tier());
      if (reason == null || verdict.severity().isMoreSevereThan(worst)) {
        worst = verdict.severity();
        reason = alert.alertName() + ": " + verdict.reason();
      }
      Optional<Impact> impact = Impact.parse(alert.label("impact"));
      if (impact.isPresent()
          && (labelledImpact == null || impact.get().isAtLeast(labelledImpact))) {
        labelledImpact = impact.get();
      }
    }
    Impact impact = labelledImpact == null ? Impact.of(worst) : labelledImpact;
    String title = titleHint != null && !titleHint.isBlank() ? titleHint : titleOf(first, service);
    return new Classification(worst, impact, service, namespace, title, reason);
  }

  /** The service an alert is about: the first of its service, app, deployment or job labels. */
  public static String serviceOf(Alert alert) {
    for (String label : SERVICE_LABELS) {
      String value = alert.label(label);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return "unknown";
  }

  private static String titleOf(Alert alert, String service) {
    String summary = alert.annotations().get("summary");
    if (summary != null && !summary.isBlank()) {
      return summary;
    }
    return alert.alertName() + " on " + service;
  }

  private record Verdict(Severity severity, String reason) {}

  private static Verdict judge(Alert alert, ServiceTier tier) {
    Optional<Severity> explicit = Severity.parse(alert.label("priority"));
    if (explicit.isPresent()) {
      return new Verdict(explicit.get(), "priority label " + explicit.get());
    }
    if (isSecurity(alert)) {
      return new Verdict(Severity.P0, "security breach");
    }
    if ("outage".equals(lower(alert.label("impact"))) || isTrue(alert.label("outage"))) {
      return new Verdict(
          tier == ServiceTier.CRITICAL ? Severity.P0 : Severity.P1,
          "complete outage of a " + tier + " service");
    }
    String level = lower(alert.label("severity"));
    if (CRITICAL_WORDS.contains(level)) {
      Severity severity =
          switch (tier) {
            case CRITICAL -> Severity.P0;
            case HIGH, STANDARD -> Severity.P1;
            case LOW -> Severity.P2;
          };
      return new Verdict(severity, "severity " + level + " on a " + tier + " service");
    }
    if (WARNING_WORDS.contains(level)) {
      Severity severity = tier == ServiceTier.LOW ? Severity.P3 : Severity.P2;
      return new Verdict(severity, "severity " + level + " on a " + tier + " service");
    }
    return new Verdict(
        Severity.P3, "severity " + (level.isEmpty() ? "unset" : level) + ": no user impact");
  }

  /** An alert about security: {@code category}/{@code type} security or breach, security=true. */
  public static boolean isSecurity(Alert alert) {
    Set<String> words = Set.of("security", "breach");
    return words.contains(lower(alert.label("category")))
        || words.contains(lower(alert.label("type")))
        || isTrue(alert.label("security"));
  }

  private static boolean isTrue(String value) {
    return TRUE_WORDS.contains(lower(value));
  }

  private static String lower(String value) {
    return value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
  }
}
