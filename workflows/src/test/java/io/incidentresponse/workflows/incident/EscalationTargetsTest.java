package io.incidentresponse.workflows.incident;

import static io.incidentresponse.workflows.incident.Incidents.alert;
import static io.incidentresponse.workflows.incident.Incidents.await;
import static io.incidentresponse.workflows.incident.Incidents.hasEvent;
import static io.incidentresponse.workflows.incident.Incidents.policy;
import static io.incidentresponse.workflows.incident.Incidents.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.communication.PageRef;
import io.incidentresponse.workflows.communication.PageRequest;
import io.incidentresponse.workflows.oncall.EscalationTarget;
import io.incidentresponse.workflows.oncall.EscalationTargetRequest;
import io.incidentresponse.workflows.oncall.OnCallPerson;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * Pages go to the person the roster names for each level at the moment it is paged (issue 16): a
 * hand-off during the incident pages the new person, and a roster that fails or hangs costs the
 * page its person, never the page.
 */
class EscalationTargetsTest {

  @RegisterExtension static final TestWorkflowExtension temporal = Incidents.extension().build();

  private static final Instant HANDOFF = Incidents.START.plus(Duration.ofMinutes(20));
  private static final OnCallPerson ALICE =
      new OnCallPerson("alice", "Alice Smith", "UALICE", "alice@example.com", null, null);
  private static final OnCallPerson BOB =
      new OnCallPerson("bob", "Bob Jones", "UBOB", "bob@example.com", null, null);
  private static final OnCallPerson ERIN =
      new OnCallPerson("erin", "Erin Lead", "UERIN", "erin@example.com", null, null);
  private static final OnCallPerson FRANK =
      new OnCallPerson("frank", "Frank Lead", "UFRANK", "frank@example.com", null, null);

  private final Activities activities = new Activities();
  private final List<String> opened = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private WorkflowOptions options;

  @BeforeEach
  void startWorker(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    activities.registerOn(worker);
    when(activities.paging.escalatePage(any()))
        .thenAnswer(
            call -> {
              PageRequest request = call.getArgument(0);
              return new PageRef(
                  "PD-1",
                  "https://pd.example/PD-1",
                  request.person() == null ? List.of() : List.of("Slack DM", "e-mail"));
            });
    when(activities.paging.openPage(any()))
        .thenReturn(new PageRef("PD-1", "https://pd.example/PD-1", List.of("Slack DM", "e-mail")));
    env.start();
    this.env = env;
    this.client = env.getWorkflowClient();
    this.options = options;
  }

  @AfterEach
  void neverSpun() {
    release.countDown();
    Incidents.assertNeverSpun(client, opened);
  }

  private IncidentWorkflow open(String id, ResponsePolicy policy, Alert... alerts) {
    opened.add(id);
    return start(client, options, id, policy, alerts);
  }

  private static ResponsePolicy paymentsPolicy() {
    return policy("\"services\":{\"checkout\":{\"team\":\"payments\"}}");
  }

  private static Alert p0() {
    return alert("CheckoutDown", "checkout", "priority", "P0");
  }

  /** The roster: who holds each level, by the instant asked for; team-lead hands off at 14:20. */
  private static EscalationTarget roster(EscalationTargetRequest request) {
    boolean after = !request.at().isBefore(HANDOFF);
    return switch (request.level()) {
      case "primary-oncall" ->
          new EscalationTarget(request.level(), ALICE, "rotation payments-primary", null, null);
      case "secondary-oncall" ->
          new EscalationTarget(request.level(), BOB, "rotation payments-secondary", null, null);
      case "team-lead" ->
          new EscalationTarget(
              request.level(),
              after ? FRANK : ERIN,
              "rotation payments-leads, hand-off 14:20",
              null,
              null);
      default ->
          new EscalationTarget(request.level(), null, null, null, "no role " + request.level());
    };
  }

  @Test
  void unacknowledgedP0_throughThreeLevelsWithAHandOff_pagesWhoeverHoldsEachLevelWhenPaged() {
    doAnswer(call -> roster(call.getArgument(0))).when(activities.oncall).resolveTarget(any());
    IncidentWorkflow incident = open("inc-handoff", paymentsPolicy(), p0());
    await(incident, s -> s.phase == Phase.MITIGATING && !s.pages.isEmpty());

    env.sleep(Duration.ofMinutes(16)); // level 1 at 14:15, before the hand-off
    await(incident, s -> s.pages.size() == 2);
    env.sleep(Duration.ofMinutes(15)); // level 2 at 14:30, after the team lead's hand-off
    IncidentState state = await(incident, s -> s.pages.size() == 3);

    ArgumentCaptor<PageRequest> first = ArgumentCaptor.forClass(PageRequest.class);
    verify(activities.paging).openPage(first.capture());
    assertThat(first.getValue().person().person()).isEqualTo(ALICE);
    ArgumentCaptor<PageRequest> escalations = ArgumentCaptor.forClass(PageRequest.class);
    verify(activities.paging, atLeastOnce()).escalatePage(escalations.capture());
    assertThat(escalations.getAllValues())
        .extracting(r -> r.level() + " " + r.target() + " " + r.person().person().id())
        .containsExactly("1 secondary-oncall bob", "2 team-lead frank");

    ArgumentCaptor<EscalationTargetRequest> asked =
        ArgumentCaptor.forClass(EscalationTargetRequest.class);
    verify(activities.oncall, atLeastOnce()).resolveTarget(asked.capture());
    assertThat(asked.getAllValues())
        .extracting(r -> r.levelIndex() + " " + r.level() + " " + r.team() + " " + r.service())
        .containsExactly(
            "0 primary-oncall payments checkout",
            "1 secondary-oncall payments checkout",
            "2 team-lead payments checkout");
    assertThat(asked.getAllValues().get(2).at()).isAfterOrEqualTo(HANDOFF);

    assertThat(state.pages)
        .extracting(p -> p.level() + " " + p.label() + " " + p.person() + " " + p.via())
        .containsExactly(
            "0 primary-oncall Alice Smith [Slack DM, e-mail]",
            "1 secondary-oncall Bob Jones [Slack DM, e-mail]",
            "2 team-lead Frank Lead [Slack DM, e-mail]");
    assertThat(
            hasEvent(
                state,
                "Paged Alice Smith (primary-oncall; rotation payments-primary) by Slack DM, e-mail"))
        .isTrue();
    assertThat(
            hasEvent(
                state,
                "Paged Frank Lead (team-lead; rotation payments-leads, hand-off 14:20) by Slack DM,"
                    + " e-mail"))
        .isTrue();
    assertThat(IncidentDetails.render(state, paymentsPolicy(), java.time.ZoneOffset.UTC))
        .contains("Paged Frank Lead")
        .contains("3 pages in all");
  }

  @Test
  void acknowledged_afterAnEscalation_tellsEveryPersonThePagesReached() {
    doAnswer(call -> roster(call.getArgument(0))).when(activities.oncall).resolveTarget(any());
    IncidentWorkflow incident = open("inc-ack-everyone", paymentsPolicy(), p0());
    await(incident, s -> s.phase == Phase.MITIGATING && !s.pages.isEmpty());
    env.sleep(Duration.ofMinutes(16)); // bob paged at level 1
    await(incident, s -> s.pages.size() == 2);

    incident.acknowledge(new AcknowledgeRequest("bob", "on it"));

    IncidentState state = await(incident, s -> s.acknowledged() && s.pageAcknowledged);
    ArgumentCaptor<PageRequest> acks = ArgumentCaptor.forClass(PageRequest.class);
    verify(activities.paging, timeout(5_000).times(2)).acknowledgePage(acks.capture());
    assertThat(acks.getAllValues())
        .extracting(r -> r.person().person().id() + " " + r.target())
        .containsExactlyInAnyOrder("alice bob", "bob bob");
    assertThat(state.pagedPeople).extracting(OnCallPerson::id).containsExactly("alice", "bob");
    assertThat(state.pagedPeople).allSatisfy(p -> assertThat(p.phone()).isNull());
  }

  @Test
  void rosterThatHangs_pageStillGoesOutWithoutAPersonLongBeforeTheResponseTime() throws Exception {
    doAnswer(
            call -> {
              release.await(60, TimeUnit.SECONDS);
              return roster(call.getArgument(0));
            })
        .when(activities.oncall)
        .resolveTarget(any());
    IncidentWorkflow incident = open("inc-roster-hangs", paymentsPolicy(), p0());
    await(incident, s -> s.phase == Phase.MITIGATING);

    env.sleep(Duration.ofMinutes(2));
    IncidentState state = await(incident, s -> s.page != null);

    ArgumentCaptor<PageRequest> first = ArgumentCaptor.forClass(PageRequest.class);
    verify(activities.paging, timeout(5_000)).openPage(first.capture());
    assertThat(first.getValue().person()).isNull();
    assertThat(first.getValue().target()).isEqualTo("primary-oncall");
    // paged at most a minute after the incident opened: far inside P0's 15 minutes
    assertThat(Duration.between(state.detectedAt, state.pages.get(0).at()))
        .isLessThan(Duration.ofMinutes(1));
    assertThat(state.pages.get(0).person()).isNull();
    assertThat(state.pages.get(0).how()).startsWith("the roster did not answer");
    assertThat(
            state.timeline.stream()
                .anyMatch(
                    e ->
                        e.event().startsWith("Paged primary-oncall")
                            && e.actionTaken().contains("the roster did not answer")
                            && e.actionTaken().contains("paging system's own escalation")))
        .isTrue();
  }

  @Test
  void rosterPersonWithoutAnyChannel_isStillPagedByName_andTheTimelineSaysHowItReachedThem() {
    OnCallPerson ghost = new OnCallPerson("ghost", null, null, null, null, null);
    doReturn(new EscalationTarget("primary-oncall", ghost, "override", null, null))
        .when(activities.oncall)
        .resolveTarget(any());
    when(activities.paging.openPage(any())).thenReturn(new PageRef("PD-9", null, List.of()));
    IncidentWorkflow incident = open("inc-ghost", paymentsPolicy(), p0());
    IncidentState state = await(incident, s -> !s.pages.isEmpty());

    verify(activities.paging)
        .openPage(
            org.mockito.ArgumentMatchers.argThat(
                r -> r.person() != null && r.person().person().id().equals("ghost")));
    assertThat(state.pages.get(0).person()).isEqualTo("ghost");
    assertThat(state.pages.get(0).via()).isEmpty();
    assertThat(hasEvent(state, "Paged ghost (primary-oncall; override)")).isTrue();
  }

  @Test
  void rosterWithNobodyForTheLevel_pagesTheLevelAndSaysWhy() {
    IncidentWorkflow incident = open("inc-nobody", paymentsPolicy(), p0());
    IncidentState state = await(incident, s -> !s.pages.isEmpty());

    ArgumentCaptor<PageRequest> first = ArgumentCaptor.forClass(PageRequest.class);
    verify(activities.paging).openPage(first.capture());
    assertThat(first.getValue().person()).isNull();
    assertThat(state.pages.get(0).how()).isEqualTo("no roster configured");
    assertThat(
            state.timeline.stream()
                .anyMatch(
                    e ->
                        e.event().equals("Paged primary-oncall by Slack DM, e-mail")
                            && e.actionTaken().contains("no roster configured")))
        .isTrue();
  }
}
