package io.incidentresponse.workflows.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.communication.ChannelRef;
import io.incidentresponse.workflows.communication.PageRef;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The summary a dashboard polls says what the whole state says, in a few hundred bytes. */
class StateSummaryTest {

  @Test
  void summary_ofAnIncidentPastTheTimelineLimit_countsEveryEventAndShowsTheLatest() {
    IncidentState s = new IncidentState();
    s.incidentId = "incident-checkout";
    Instant t0 = Instant.parse("2026-11-30T10:00:00Z");
    for (int i = 0; i < Timeline.LIMIT + 100; i++) {
      Timeline.append(s, new TimelineEntry(t0.plusSeconds(i), "system", "event " + i, ""));
    }

    StateSummary summary = StateSummary.of(s);

    // the kept timeline is LIMIT lines, one of which counts the 101 omitted events
    assertThat(s.timeline).hasSize(Timeline.LIMIT);
    assertThat(summary.timelineEntries()).isEqualTo(Timeline.LIMIT + 100);
    assertThat(summary.latest().event()).isEqualTo("event " + (Timeline.LIMIT + 99));
  }

  @Test
  void summary_ofARunningIncident_carriesItsStandingAndCounts() {
    IncidentState s = new IncidentState();
    s.incidentId = "incident-payments";
    s.severity = Severity.P1;
    s.phase = Phase.MITIGATING;
    s.acknowledgedAt = Instant.parse("2026-11-30T10:05:00Z");
    s.acknowledgedBy = "alice";
    s.roles.put(Role.INCIDENT_COMMANDER, "bob");
    s.channel = new ChannelRef("C1", "inc-payments", "https://slack/C1");
    s.page = new PageRef("dedup:incident-payments", "https://pager/1");
    s.alertsNotKept = 3;
    s.drillId = "drill-payments";

    StateSummary summary = StateSummary.of(s);

    assertThat(summary.severity()).isEqualTo(Severity.P1);
    assertThat(summary.phase()).isEqualTo(Phase.MITIGATING);
    assertThat(summary.acknowledgedBy()).isEqualTo("alice");
    assertThat(summary.roles()).containsEntry(Role.INCIDENT_COMMANDER, "bob");
    assertThat(summary.channel().name()).isEqualTo("inc-payments");
    assertThat(summary.pageUrl()).isEqualTo("https://pager/1");
    assertThat(summary.alerts()).isEqualTo(3);
    assertThat(summary.drill()).isTrue();
    assertThat(summary.pendingApprovals()).isZero();
    assertThat(summary.latest()).isNull();
    assertThat(summary.timelineEntries()).isZero();
    // the query must not hand out the state's own map (a caller changing it changes nothing)
    summary.roles().clear();
    assertThat(s.roles).containsEntry(Role.INCIDENT_COMMANDER, "bob");
  }
}
