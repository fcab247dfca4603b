package io.incidentresponse.worker;

import io.incidentresponse.activities.NotConfiguredActivities;
import io.incidentresponse.activities.diagnosis.DiagnosisRouter;
import io.incidentresponse.activities.http.HealthCheckSettings;
import io.incidentresponse.activities.kubernetes.KubernetesSettings;
import io.incidentresponse.activities.oncall.RosterOnCallActivities;
import io.incidentresponse.activities.prometheus.PrometheusSettings;
import io.incidentresponse.workflows.capabilities.Capabilities;
import io.incidentresponse.workflows.capabilities.CapabilityActivities;
import io.incidentresponse.workflows.capabilities.Integration;
import io.incidentresponse.workflows.closure.ImpactActivities;
import io.incidentresponse.workflows.communication.ChatActivities;
import io.incidentresponse.workflows.communication.PagingActivities;
import io.incidentresponse.workflows.communication.StakeholderActivities;
import io.incidentresponse.workflows.communication.StatusPageActivities;
import io.incidentresponse.workflows.diagnosis.DiagnosisActivities;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What this worker has no settings for, from the same beans that serve the activities: an
 * integration served by {@link NotConfiguredActivities}, a probe the {@link DiagnosisRouter} does
 * not serve, no recovery check, no roster. Computed once at start-up (the configuration is fixed
 * for the process's life); the incident workflow asks it as a local activity when a run starts.
 * Registered under the bean name the worker's {@code activity-beans} list.
 */
@Component("capabilityActivities")
final class CapabilityActivitiesImpl implements CapabilityActivities {
  private final Capabilities capabilities;

  CapabilityActivitiesImpl(
      ChatActivities chat,
      PagingActivities paging,
      StatusPageActivities statusPage,
      StakeholderActivities stakeholders,
      ImpactActivities impact,
      DiagnosisActivities diagnosis,
      KubernetesSettings kubernetes,
      PrometheusSettings prometheus,
      HealthCheckSettings health,
      RosterOnCallActivities roster) {
    List<Integration> missing = new ArrayList<>();
    if (NotConfiguredActivities.isNotConfigured(paging)) {
      missing.add(Integration.PAGING);
    }
    if (NotConfiguredActivities.isNotConfigured(chat)) {
      missing.add(Integration.CHAT);
    }
    if (NotConfiguredActivities.isNotConfigured(statusPage)) {
      missing.add(Integration.STATUS_PAGE);
    }
    if (NotConfiguredActivities.isNotConfigured(stakeholders)) {
      missing.add(Integration.STAKEHOLDER_EMAIL);
    }
    if (NotConfiguredActivities.isNotConfigured(impact)) {
      missing.add(Integration.IMPACT_QUERY);
    }
    // As the mitigation router builds its checks: no check at all fails every verification.
    if (!health.configured() && !kubernetes.configured() && !prometheus.configured()) {
      missing.add(Integration.RECOVERY_CHECKS);
    }
    if (!roster.configured()) {
      missing.add(Integration.ROSTER);
    }
    Map<io.incidentresponse.workflows.diagnosis.DiagnosisProbe, String> probes =
        diagnosis instanceof DiagnosisRouter router ? router.notServed() : Map.of();
    this.capabilities = new Capabilities(missing, probes);
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }
}
