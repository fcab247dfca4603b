package io.incidentresponse.activities.postmortem;

import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the postmortem document says beyond the incident's own record. Every field is optional.
 *
 * @param zone time zone of the times shown in the document; null takes the postmortem's own zone
 *     (the {@code zone} of {@link io.incidentresponse.workflows.postmortem.PostmortemSettings})
 * @param revenuePerHour revenue lost per hour of downtime, for the Revenue Impact line; null leaves
 *     that line for the review
 * @param currency the currency of {@code revenuePerHour}; default {@code USD}
 * @param sloTarget availability SLO as a ratio, e.g. {@code 0.999}, for incidents whose postmortem
 *     input carries no availability target (the service profile's); shown on the SLO line and used
 *     to estimate the error budget burn when the incident did not record one; null when no SLO
 *     applies
 * @param responseTimes time to acknowledge per severity, for incidents whose postmortem input
 *     carries no response time (the response policy's); default the runbook's (P0 15 min, P1 1 h,
 *     P2 4 h, P3 next business day: no fixed time)
 * @param timelineMaxRows the Timeline table shows at most this many entries; default 60
 * @param timelineKeepFirst entries always shown from the start of a long timeline; default 10
 * @param timelineKeepLast entries always shown from its end; default 10
 */
public record PostmortemDocumentSettings(
    String zone,
    BigDecimal revenuePerHour,
    String currency,
    Double sloTarget,
    Map<Severity, Duration> responseTimes,
    Integer timelineMaxRows,
    Integer timelineKeepFirst,
    Integer timelineKeepLast) {

  public PostmortemDocumentSettings {
    zone = zone == null || zone.isBlank() ? null : zone.trim();
    if (zone != null) {
      ZoneId.of(zone); // fails at startup, not at the first postmortem
    }
    currency = currency == null || currency.isBlank() ? "USD" : currency.trim();
    if (revenuePerHour != null && revenuePerHour.signum() < 0) {
      throw new IllegalArgumentException("revenuePerHour must not be negative");
    }
    if (sloTarget != null && (sloTarget <= 0 || sloTarget >= 1)) {
      throw new IllegalArgumentException(
          "sloTarget is a ratio between 0 and 1 (0.999 for 99.9%), not " + sloTarget);
    }
    responseTimes =
        responseTimes == null || responseTimes.isEmpty()
            ? ResponsePolicy.defaultResponseTimes()
            : new EnumMap<>(responseTimes);
    timelineKeepFirst = timelineKeepFirst == null ? 10 : Math.max(0, timelineKeepFirst);
    timelineKeepLast = timelineKeepLast == null ? 10 : Math.max(0, timelineKeepLast);
    timelineMaxRows = timelineMaxRows == null ? 60 : timelineMaxRows;
    if (timelineMaxRows < timelineKeepFirst + timelineKeepLast) {
      throw new IllegalArgumentException(
          "timelineMaxRows must be at least timelineKeepFirst + timelineKeepLast");
    }
  }

  public static PostmortemDocumentSettings defaults() {
    return new PostmortemDocumentSettings(null, null, null, null, null, null, null, null);
  }

  /** The configured zone, else {@code fallback} (a zone id such as {@code Europe/Berlin}). */
  public ZoneId zoneOr(String fallback) {
    String id = zone != null ? zone : fallback == null || fallback.isBlank() ? "UTC" : fallback;
    return ZoneId.of(id);
  }
}
