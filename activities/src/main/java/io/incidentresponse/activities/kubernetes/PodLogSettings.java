package io.incidentresponse.activities.kubernetes;

import static io.incidentresponse.activities.SettingChecks.atLeast;

/**
 * How much of the failing pods' logs the POD_LOGS probe reads ({@code
 * incident.kubernetes.pod-logs.*}); it runs when Kubernetes is enabled.
 *
 * @param maxPods at most this many failing pods are read, worst first; default 5
 * @param tailLines the last this many lines of each container log (current and previous); default
 *     500
 * @param limitBytes at most this many bytes of each container log, asked of the API server ({@code
 *     limitBytes}) and enforced while reading; default 262144 (256 KiB)
 * @param maxGroups how many of the most frequent error messages to show; default 10
 */
public record PodLogSettings(
    Integer maxPods, Integer tailLines, Integer limitBytes, Integer maxGroups) {

  public PodLogSettings {
    maxPods = atLeast("incident.kubernetes.pod-logs.max-pods", maxPods, 1, 5);
    tailLines = atLeast("incident.kubernetes.pod-logs.tail-lines", tailLines, 1, 500);
    limitBytes = atLeast("incident.kubernetes.pod-logs.limit-bytes", limitBytes, 1024, 256 * 1024);
    maxGroups = atLeast("incident.kubernetes.pod-logs.max-groups", maxGroups, 1, 10);
  }

  /** Every default. */
  public static PodLogSettings defaults() {
    return new PodLogSettings(null, null, null, null);
  }
}
