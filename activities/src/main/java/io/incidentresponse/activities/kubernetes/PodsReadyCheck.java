package io.incidentresponse.activities.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.incidentresponse.activities.mitigation.RecoveryCheck;
import io.incidentresponse.workflows.mitigation.VerificationRequest;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Recovery check "pods ready": passed when at least one pod of the service matches and every one is
 * Running and Ready. Restart counts are left out (they only grow, even after recovery). Pods are
 * found as the probes find them: the Deployment's selector, else {@code <selectorLabel>=<service>}.
 * API failures come out typed by {@link KubernetesFailures}.
 */
public final class PodsReadyCheck implements RecoveryCheck {
  static final String NAME = "pods ready";

  private final KubernetesClient client;
  private final KubernetesSettings settings;

  public PodsReadyCheck(KubernetesClient client, KubernetesSettings settings) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public List<CheckResult> check(VerificationRequest request) {
    ProbeWorkload workload =
        ProbeWorkload.resolve(
            client, settings, request.service(), request.namespace(), request.labels());
    List<ProbePodState> pods = workload.pods(client).stream().map(ProbePodState::of).toList();
    if (pods.isEmpty()) {
      return List.of(
          CheckResult.fail(
              NAME,
              "0/0 Running and Ready: no pods match "
                  + workload.selectorText()
                  + " in "
                  + workload.namespace()));
    }
    List<ProbePodState> notReady = pods.stream().filter(p -> !p.runningAndReady()).toList();
    String counts = (pods.size() - notReady.size()) + "/" + pods.size() + " Running and Ready";
    if (notReady.isEmpty()) {
      return List.of(CheckResult.pass(NAME, counts));
    }
    return List.of(
        CheckResult.fail(
            NAME,
            counts
                + ": "
                + notReady.stream()
                    .map(p -> p.name() + " " + p.reason())
                    .collect(Collectors.joining(", "))));
  }
}
