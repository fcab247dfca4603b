package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.Phase;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** A person declares a security incident: it is handled privately from the start. */
class SecurityDeclarationIT extends StarterIT {

  @Test
  void declaredWithSecurityTrue_isASecurityIncident_whateverItsSeverity() {
    HttpResponse<String> response =
        http.post(
            "/api/incidents",
            "{\"title\":\"Admin token leaked in a public repo\",\"service\":\"sec-declared\","
                + "\"severity\":\"P3\",\"security\":true}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    String id = incidentId("sec-declared", "Declared");
    IncidentState state = await(id, s -> s.phase == Phase.MITIGATING);
    assertThat(state.security).isTrue();
    assertThat(state.severity.name()).isEqualTo("P3");
    assertThat(state.timeline)
        .anyMatch(e -> e.event().equals("Security incident: handled privately"));
  }

  @Test
  void declaredWithoutSecurity_isAnOrdinaryIncident() {
    String id = declare("sec-ordinary", "P2");

    assertThat(incident(id).state().security).isFalse();
  }
}
