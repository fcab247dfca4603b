package io.incidentresponse.workflows.incident;

import static io.incidentresponse.workflows.incident.Incidents.alert;
import static io.incidentresponse.workflows.incident.Incidents.await;
import static io.incidentresponse.workflows.incident.Incidents.hasEvent;
import static io.incidentresponse.workflows.incident.Incidents.policy;
import static io.incidentresponse.workflows.incident.Incidents.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.communication.IncidentBrief;
import io.incidentresponse.workflows.communication.LeadershipNotice;
import io.incidentresponse.workflows.communication.PageRequest;
import io.incidentresponse.workflows.communication.StatusPageNotice;
import io.incidentresponse.workflows.oncall.EscalationTarget;
import io.incidentresponse.workflows.oncall.EscalationTargetRequest;
import io.incidentresponse.workflows.oncall.OnCallPerson;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * A security incident is handled privately (issue 16): private channel, the security lead paged at
 * once, the status page silent unless the policy allows a generic text, leadership told privately.
 */
class SecurityIncidentTest {

  @RegisterExtension static final TestWorkflowExtension temporal = Incidents.extension().build();

  /** The title an attacker must not read on the public status page. */
  private static final String SECRET = "Customer table exfiltrated via leaked admin token";

  private static final OnCallPerson SAM =
      new OnCallPerson("sam", "Sam Secure", "USAM", "sam@example.com", null, null);

  private final Activities activities = new Activities();
  private final List<String> opened = new ArrayList<>();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private WorkflowOptions options;

  @BeforeEach
  void startWorker(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    activities.registerOn(worker);
    doAnswer(
            call -> {
              EscalationTargetRequest request = call.getArgument(0);
              return request.level().equals("security-lead")
                  ? new EscalationTarget(request.level(), SAM, "role security-lead", null, null)
                  : new EscalationTarget(request.level(), null, null, null, "nobody");
            })
        .when(activities.oncall)
        .resolveTarget(any());
    env.start();
    this.env = env;
    this.client = env.getWorkflowClient();
    this.options = options;
  }

  @AfterEach
  void neverSpun() {
    Incidents.assertNeverSpun(client, opened);
  }

  private IncidentWorkflow open(String id, ResponsePolicy policy, Alert... alerts) {
    opened.add(id);
    return start(client, options, id, policy, alerts);
  }

  /** A user-facing service: any other incident of this impact opens a status-page incident. */
  private static ResponsePolicy userFacing(String more) {
    return policy(
        "\"services\":{\"accounts\":{\"tier\":\"CRITICAL\",\"userFacing\":true,"
            + "\"statusPageComponent\":\"Accounts\"}}"
            + more);
  }

  private static Alert breach(String... labels) {
    List<String> pairs = new ArrayList<>(List.of(labels));
    pairs.addAll(List.of("category", "security"));
    Alert alert = alert("Breach", "accounts", pairs.toArray(String[]::new));
    return new Alert(
        alert.source(),
        alert.status(),
        alert.fingerprint(),
        alert.labels(),
        java.util.Map.of("summary", SECRET),
        alert.startsAt(),
        alert.endsAt(),
        alert.generatorUrl(),
        alert.externalId());
  }

  @Test
  void securityBreach_privateChannel_securityLeadPagedAtOnce_statusPageNeverCalled() {
    IncidentWorkflow incident = open("inc-breach", userFacing(""), breach());
    IncidentState state =
        await(incident, s -> s.channel != null && s.pages.size() == 2 && s.leadershipNotified);

    assertThat(state.security).isTrue();
    assertThat(state.severity).isEqualTo(Severity.P0);
    verify(activities.chat).openIncidentChannel(argThat(IncidentBrief::confidential));
    verify(activities.chat, timeout(5_000)).postInitialStatus(argThat(IncidentBrief::confidential));
    verify(activities.chat, timeout(5_000))
        .notifyLeadership(argThat((LeadershipNotice n) -> n.brief().confidential()));
    ArgumentCaptor<PageRequest> lead = ArgumentCaptor.forClass(PageRequest.class);
    verify(activities.paging, timeout(5_000)).escalatePage(lead.capture());
    assertThat(lead.getValue().target()).isEqualTo("security-lead");
    assertThat(lead.getValue().level()).isZero();
    assertThat(lead.getValue().person().person()).isEqualTo(SAM);
    assertThat(state.pages)
        .extracting(PageSent::label)
        .containsExactlyInAnyOrder("primary-oncall", "security-lead");
    assertThat(hasEvent(state, "Paged Sam Secure (security-lead; role security-lead)")).isTrue();
    assertThat(hasEvent(state, "Security incident: handled privately")).isTrue();

    env.sleep(Duration.ofHours(1)); // internal updates go out; the status page hears nothing
    incident.acknowledge(new AcknowledgeRequest("sam", null));
    incident.resolve(new ResolveRequest("sam", "token revoked", false));
    await(incident, s -> s.phase == Phase.CLOSED);
    WorkflowStub.fromTyped(incident).getResult(IncidentOutcome.class);

    verify(activities.statusPage, never()).openStatusIncident(any());
    verify(activities.statusPage, never()).updateStatusIncident(any());
    verify(activities.statusPage, never()).resolveStatusIncident(any());
    verify(activities.stakeholders, never()).emailStakeholders(any());
    verify(activities.chat, atLeastOnce()).postUpdate(argThat(u -> u.brief().confidential()));
  }

  @Test
  void securityLabelOnAP3Alert_staysP3_butIsPrivateAndPagesTheSecurityLeadAtOnce() {
    IncidentWorkflow incident =
        open(
            "inc-p3-security",
            policy(""),
            alert("OddLogin", "accounts", "priority", "P3", "security", "true"));
    IncidentState state = await(incident, s -> s.channel != null && !s.pages.isEmpty());

    assertThat(state.severity).isEqualTo(Severity.P3);
    assertThat(state.security).isTrue();
    verify(activities.chat).openIncidentChannel(argThat(IncidentBrief::confidential));
    // P3's first responder waits for its response time; the security lead does not
    verify(activities.paging, timeout(5_000))
        .openPage(
            argThat(
                r ->
                    r.target().equals("security-lead")
                        && r.person() != null
                        && r.person().person().equals(SAM)));
    assertThat(state.pages).extracting(PageSent::label).containsExactly("security-lead");
  }

  @Test
  void policyWithAGenericStatusText_statusPageGetsExactlyThatText_neverTheTitle() {
    String generic = "We are investigating an issue and will post updates here.";
    IncidentWorkflow incident =
        open(
            "inc-breach-generic",
            userFacing(",\"securityStatusPageText\":\"" + generic + "\""),
            breach());
    await(incident, s -> s.statusPage != null);

    ArgumentCaptor<StatusPageNotice> notice = ArgumentCaptor.forClass(StatusPageNotice.class);
    verify(activities.statusPage).openStatusIncident(notice.capture());
    assertThat(notice.getValue().message()).isEqualTo(generic);
    assertThat(notice.getValue().brief().title()).isEqualTo(generic);
    assertThat(notice.getValue().toString()).doesNotContain(SECRET).doesNotContain("Breach");
  }

  @Test
  void ordinaryIncident_isNotConfidential_andPagesNoSecurityLead() {
    IncidentWorkflow incident =
        open("inc-ordinary", userFacing(""), alert("Down", "accounts", "outage", "true"));
    IncidentState state = await(incident, s -> s.channel != null && s.statusPage != null);

    assertThat(state.security).isFalse();
    verify(activities.chat).openIncidentChannel(argThat(b -> !b.confidential()));
    verify(activities.oncall, never())
        .resolveTarget(argThat(r -> r.level().equals("security-lead")));
  }
}
