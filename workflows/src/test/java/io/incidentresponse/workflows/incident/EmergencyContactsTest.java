package io.incidentresponse.workflows.incident;

import static io.incidentresponse.workflows.incident.Incidents.alert;
import static io.incidentresponse.workflows.incident.Incidents.await;
import static io.incidentresponse.workflows.incident.Incidents.hasEvent;
import static io.incidentresponse.workflows.incident.Incidents.policy;
import static io.incidentresponse.workflows.incident.Incidents.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.communication.ContactsMessage;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.incidentresponse.workflows.oncall.ContactsRequest;
import io.incidentresponse.workflows.oncall.EmergencyContact;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * Emergency contacts reach the incident channel when the diagnosis implicates a dependency, at once
 * for a security incident, and when a person asks (issue 16).
 */
class EmergencyContactsTest {

  @RegisterExtension static final TestWorkflowExtension temporal = Incidents.extension().build();

  private static final EmergencyContact DBA =
      new EmergencyContact(
          "dba",
          "Database vendor support",
          "external",
          null,
          List.of("+1 555 0100"),
          List.of("database"));
  private static final EmergencyContact SECURITY_LEAD =
      new EmergencyContact(
          "security-lead",
          "Security Team Lead",
          "internal",
          null,
          List.of("Slack @sec"),
          List.of("security"));
  private static final EmergencyContact CDN =
      new EmergencyContact(
          "cloudflare",
          "CloudFlare Support",
          "external",
          null,
          List.of("dash.cloudflare.com"),
          List.of("cdn"));

  private final Activities activities = new Activities();
  private final List<String> opened = new ArrayList<>();
  private WorkflowClient client;
  private WorkflowOptions options;

  @BeforeEach
  void startWorker(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    activities.registerOn(worker);
    doAnswer(
            call -> {
              ContactsRequest request = call.getArgument(0);
              List<EmergencyContact> all = List.of(SECURITY_LEAD, DBA, CDN);
              return request.topics().isEmpty()
                  ? all
                  : all.stream()
                      .filter(c -> !Collections.disjoint(c.covers(), request.topics()))
                      .toList();
            })
        .when(activities.oncall)
        .emergencyContacts(any());
    env.start();
    this.client = env.getWorkflowClient();
    this.options = options;
  }

  @AfterEach
  void neverSpun() {
    Incidents.assertNeverSpun(client, opened);
  }

  private IncidentWorkflow open(String id, Alert... alerts) {
    opened.add(id);
    return start(client, options, id, policy(), alerts);
  }

  @Test
  void diagnosisImplicatingTheDatabase_sharesTheDatabaseContactsOnce() {
    when(activities.diagnosis.inspectDatabase(any()))
        .thenReturn(
            new Finding(
                DiagnosisProbe.DATABASE_CONNECTIONS,
                FindingOutcome.ANOMALY,
                "connection pool exhausted: 100/100",
                List.of("postgres max_connections reached"),
                List.of(),
                Instant.EPOCH));
    IncidentWorkflow incident =
        open("inc-db", alert("CheckoutErrors", "checkout", "severity", "critical"));
    IncidentState state = await(incident, s -> !s.contactsShared.isEmpty());

    verify(activities.oncall)
        .emergencyContacts(argThat(r -> r.topics().equals(List.of("database"))));
    ArgumentCaptor<ContactsMessage> posted = ArgumentCaptor.forClass(ContactsMessage.class);
    verify(activities.chat).postContacts(posted.capture());
    assertThat(posted.getValue().contacts()).containsExactly(DBA);
    assertThat(posted.getValue().brief().channelId()).isEqualTo("C01");
    assertThat(state.contactsShared.get(0).contacts()).containsExactly("Database vendor support");
    assertThat(state.contactsShared.get(0).by()).isEqualTo("system");
    assertThat(hasEvent(state, "Emergency contacts shared (database): Database vendor support"))
        .isTrue();
    assertThat(state.contactTopicsShared).containsExactly("database");
  }

  @Test
  void healthyDiagnosis_sharesNothing() {
    IncidentWorkflow incident =
        open("inc-healthy", alert("CheckoutErrors", "checkout", "severity", "critical"));
    await(incident, s -> s.phase == Phase.MITIGATING && s.channel != null);

    verify(activities.oncall, never()).emergencyContacts(any());
    verify(activities.chat, never()).postContacts(any());
  }

  @Test
  void securityIncident_sharesTheSecurityContactsAtOnce() {
    IncidentWorkflow incident = open("inc-sec", alert("Breach", "accounts", "type", "breach"));
    IncidentState state = await(incident, s -> !s.contactsShared.isEmpty());

    verify(activities.oncall)
        .emergencyContacts(argThat(r -> r.topics().equals(List.of("security"))));
    verify(activities.chat).postContacts(argThat(m -> m.contacts().equals(List.of(SECURITY_LEAD))));
    assertThat(state.contactsShared.get(0).reason()).isEqualTo("a security incident");
  }

  @Test
  void shareContactsSignal_hostileBodiesChangeNothing_aGoodOneSharesWhatWasAskedFor() {
    IncidentWorkflow incident =
        open("inc-ask", alert("CheckoutErrors", "checkout", "severity", "critical"));
    await(incident, s -> s.channel != null);

    incident.shareContacts(null);
    incident.shareContacts(new ShareContactsRequest("alice", List.of("x".repeat(5_000))));
    incident.shareContacts(new ShareContactsRequest("alice", Collections.nCopies(200, "aws")));
    incident.shareContacts(new ShareContactsRequest(" ", List.of("cdn")));
    IncidentState state =
        await(
            incident,
            s -> s.timeline.stream().filter(e -> e.event().contains("shareContacts")).count() == 4);
    assertThat(hasEvent(state, "topics has an entry of 5000 characters; at most 60")).isTrue();
    assertThat(hasEvent(state, "topics has 200 entries; at most 20")).isTrue();
    assertThat(hasEvent(state, "Ignored shareContacts signal: field 'by' is required")).isTrue();
    assertThat(state.contactsShared).isEmpty();

    incident.shareContacts(new ShareContactsRequest("alice", List.of(" CDN ", "cdn")));
    state = await(incident, s -> !s.contactsShared.isEmpty());
    verify(activities.oncall).emergencyContacts(argThat(r -> r.topics().equals(List.of("cdn"))));
    verify(activities.chat, times(1)).postContacts(any());
    assertThat(state.contactsShared.get(0).by()).isEqualTo("alice");
    assertThat(state.contactsShared.get(0).contacts()).containsExactly("CloudFlare Support");
    assertThat(hasEvent(state, "Emergency contacts shared (cdn): CloudFlare Support")).isTrue();
  }
}
