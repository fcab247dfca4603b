package io.incidentresponse.activities.oncall;

import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.oncall.ContactsRequest;
import io.incidentresponse.workflows.oncall.EmergencyContact;
import io.incidentresponse.workflows.oncall.EscalationTarget;
import io.incidentresponse.workflows.oncall.EscalationTargetRequest;
import io.incidentresponse.workflows.oncall.Handoff;
import io.incidentresponse.workflows.oncall.HandoffQuery;
import io.incidentresponse.workflows.oncall.OnCallActivities;
import io.incidentresponse.workflows.oncall.OnCallAnswer;
import io.incidentresponse.workflows.oncall.OnCallPerson;
import io.incidentresponse.workflows.oncall.OnCallQuery;
import io.incidentresponse.workflows.oncall.OnCallShift;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The on-call roster from configuration ({@link Roster}): rotations with their overrides, imported
 * calendars, roles and emergency contacts. Only reads; every answer depends on the instant asked
 * for, never on when the call runs (except {@code whoIsOnCall} without an instant: now).
 *
 * <p>A calendar that cannot be read: {@code whoIsOnCall} answers the other rotations and names it
 * in {@code problems}; {@code resolveTarget} and {@code handoffs}, which cannot answer without it,
 * fail retryably ({@link FailureType#UNAVAILABLE}) with a message naming it. {@code handoffs} lists
 * at most {@value RosterRotation#MAX_HANDOFFS} per rotation (the first ones of the window).
 */
public final class RosterOnCallActivities implements OnCallActivities {
  private final Roster roster;
  private final Clock clock;

  public RosterOnCallActivities(Roster roster, Clock clock) {
    this.roster = roster;
    this.clock = clock;
  }

  /** Whether any team, role or contact is configured. */
  public boolean configured() {
    return roster.configured();
  }

  /**
   * The team that lists {@code service} among its services, or null: unlike paging for an incident,
   * no fallback to the default team (naming it as another service's owner would send people to the
   * wrong team).
   */
  public String teamListing(String service) {
    for (Roster.Team team : roster.teams().values()) {
      if (team.services().contains(service)) {
        return team.name();
      }
    }
    return null;
  }

  @Override
  public OnCallAnswer whoIsOnCall(OnCallQuery query) {
    Instant at = query.at() == null ? clock.instant() : query.at();
    List<Roster.Team> teams;
    if (query.team() == null || query.team().isBlank()) {
      teams = List.copyOf(roster.teams().values());
    } else {
      Roster.Team team = roster.teams().get(query.team());
      if (team == null) {
        return new OnCallAnswer(
            at, List.of(), List.of("no team " + query.team() + " in the roster"));
      }
      teams = List.of(team);
    }
    List<OnCallShift> shifts = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Roster.Team team : teams) {
      for (RosterRotation rotation : team.rotations()) {
        try {
          shifts.add(rotation.shiftAt(at));
          problems.addAll(rotation.problems());
        } catch (CalendarUnavailableException e) {
          shifts.add(
              new OnCallShift(team.name(), rotation.name(), null, null, null, "calendar", null));
          problems.add(e.getMessage());
        }
      }
    }
    return new OnCallAnswer(at, shifts, problems);
  }

  @Override
  public EscalationTarget resolveTarget(EscalationTargetRequest request) {
    String level = request.level() == null ? "" : request.level().strip();
    Instant at = request.at() == null ? clock.instant() : request.at();
    Roster.Team team = team(request);
    try {
      if (level.equals("primary-oncall") || level.equals("secondary-oncall")) {
        int index = level.equals("primary-oncall") ? 0 : 1;
        if (team == null) {
          return nobody(level, null, noTeam(request));
        }
        if (team.rotations().size() <= index) {
          return nobody(
              level,
              null,
              "team " + team.name() + " has no " + (index == 0 ? "first" : "second") + " rotation");
        }
        return fromRotation(level, team.rotations().get(index), at);
      }
      if (level.equals("team-lead")) {
        if (team == null) {
          return nobody(level, null, noTeam(request));
        }
        return team.lead() == null
            ? nobody(level, null, "team " + team.name() + " names no lead")
            : new EscalationTarget(level, team.lead(), "lead of team " + team.name(), null, null);
      }
      OnCallPerson role = roster.role(level);
      if (role != null) {
        return new EscalationTarget(level, role, "role " + level, null, null);
      }
      RosterRotation rotation = roster.rotation(level);
      if (rotation != null) {
        return fromRotation(level, rotation, at);
      }
      return nobody(
          level, null, "level " + level + " is no rotation, role or team-lead of the roster");
    } catch (CalendarUnavailableException e) {
      throw ApplicationFailure.newFailure(e.getMessage(), FailureType.UNAVAILABLE.type());
    }
  }

  @Override
  public List<Handoff> handoffs(HandoffQuery query) {
    if (query == null || query.after() == null || query.until() == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "handoffs needs both after and until", FailureType.BAD_REQUEST.type());
    }
    List<Handoff> handoffs = new ArrayList<>();
    try {
      for (Roster.Team team : roster.teams().values()) {
        for (RosterRotation rotation : team.rotations()) {
          handoffs.addAll(rotation.handoffs(query.after(), query.until()));
        }
      }
    } catch (CalendarUnavailableException e) {
      throw ApplicationFailure.newFailure(e.getMessage(), FailureType.UNAVAILABLE.type());
    }
    handoffs.sort(Comparator.comparing(Handoff::at));
    return handoffs;
  }

  @Override
  public List<EmergencyContact> emergencyContacts(ContactsRequest request) {
    List<String> topics =
        request.topics().stream()
            .filter(t -> t != null && !t.isBlank())
            .map(t -> t.strip().toLowerCase(Locale.ROOT))
            .toList();
    return roster.contacts().stream()
        .filter(
            c ->
                topics.isEmpty()
                    || c.covers().isEmpty()
                    || c.covers().stream().anyMatch(topics::contains))
        .toList();
  }

  private Roster.Team team(EscalationTargetRequest request) {
    if (request.team() != null && !request.team().isBlank()) {
      return roster.teams().get(request.team().strip());
    }
    return roster.teamOf(request.service());
  }

  private static String noTeam(EscalationTargetRequest request) {
    return request.team() != null && !request.team().isBlank()
        ? "no team " + request.team() + " in the roster"
        : "no team lists service " + request.service() + " and no default-team is set";
  }

  private static EscalationTarget fromRotation(String level, RosterRotation rotation, Instant at) {
    OnCallShift shift = rotation.shiftAt(at);
    if (shift.person() == null) {
      return nobody(
          level,
          rotation.pagerDutyEscalationPolicyId(),
          "nobody holds rotation "
              + rotation.name()
              + " at "
              + at
              + (shift.until() == null ? "" : " (next shift from " + shift.until() + ")"));
    }
    String how =
        "override".equals(shift.source())
            ? "rotation " + rotation.name() + ", override until " + shift.until()
            : "rotation "
                + rotation.name()
                + ", "
                + rotation.rule()
                + (shift.until() == null ? "" : ", until " + shift.until());
    return new EscalationTarget(level, shift.person(), how, null, null);
  }

  private static EscalationTarget nobody(String level, String policyId, String problem) {
    return new EscalationTarget(level, null, null, policyId, problem);
  }
}
