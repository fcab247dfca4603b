package io.incidentresponse.activities.kubernetes;

import java.time.Duration;

/**
 * How the worker uses Kubernetes ({@code incident.kubernetes.*}). The client itself is
 * auto-configured by fabric8 (in-cluster service account, else {@code KUBECONFIG} / {@code
 * ~/.kube/config}); these settings only say whether to use it and how to read what it returns.
 *
 * @param enabled use Kubernetes at all; default false, so a worker without a cluster reports the
 *     Kubernetes probes as not configured instead of failing against a missing API server
 * @param selectorLabel the pod label that names a service when its Deployment is not found: pods of
 *     {@code checkout} are {@code <selectorLabel>=checkout}; default {@code app}
 * @param eventLimit at most this many events in a finding, newest first; default 15
 * @param changeWindow a rollout this long before detection or less is an anomaly; default 1h
 * @param restartThreshold a pod restarted this often or more is an anomaly even when Ready; default
 *     3
 */
public record KubernetesSettings(
    Boolean enabled,
    String selectorLabel,
    Integer eventLimit,
    Duration changeWindow,
    Integer restartThreshold) {

  public KubernetesSettings {
    enabled = enabled != null && enabled;
    selectorLabel = selectorLabel == null || selectorLabel.isBlank() ? "app" : selectorLabel;
    eventLimit = eventLimit == null || eventLimit < 1 ? 15 : eventLimit;
    changeWindow =
        changeWindow == null || changeWindow.isNegative() || changeWindow.isZero()
            ? Duration.ofHours(1)
            : changeWindow;
    restartThreshold = restartThreshold == null || restartThreshold < 1 ? 3 : restartThreshold;
  }

  /** Enabled, everything else at its default. */
  public static KubernetesSettings enabledWithDefaults() {
    return new KubernetesSettings(true, null, null, null, null);
  }

  public boolean configured() {
    return enabled;
  }
}
