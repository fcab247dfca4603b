package io.incidentresponse.starter.oncall;

import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.incident.TemporalCalls;
import io.incidentresponse.starter.incident.WorkflowTimedOutException;
import io.incidentresponse.starter.security.AccessGuard;
import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.starter.webhook.InputLimits;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.oncall.OnCallAnswer;
import io.incidentresponse.workflows.oncall.OnCallLookupWorkflow;
import io.incidentresponse.workflows.oncall.OnCallQuery;
import io.incidentresponse.workflows.oncall.OnCallShift;
import io.swagger.v3.oas.annotations.Operation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Who is on call, from the worker's roster: runs the {@code OnCallLookup} workflow and waits for
 * its answer, at most {@value #TIMEOUT_SECONDS} s. Any role may ask: it only reads.
 */
@RestController
@RequestMapping(path = "/api/oncall", produces = MediaType.APPLICATION_JSON_VALUE)
public class OnCallController {
  static final int TIMEOUT_SECONDS = 30;
  private static final Duration TIMEOUT = Duration.ofSeconds(TIMEOUT_SECONDS);
  private static final Pattern TEAM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  /** The latest instant asked about: the roster's arithmetic is for dates people write. */
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  private final WorkflowClient client;
  private final TemporalCalls calls;
  private final InputLimits limits;
  private final AccessGuard guard;
  private final IncidentProperties incident;

  public OnCallController(
      WorkflowClient client,
      TemporalCalls calls,
      InputLimits limits,
      AccessGuard guard,
      IncidentProperties incident) {
    this.client = client;
    this.calls = calls;
    this.limits = limits;
    this.guard = guard;
    this.incident = incident;
  }

  /**
   * The answer.
   *
   * @param lookupId the workflow that answered
   * @param at the instant answered for
   * @param team the team asked, or null for all
   * @param shifts one per rotation: the person, their shift's start and end (the next hand-off) and
   *     who is next
   * @param problems what the roster could not read (e.g. a calendar), one line each
   */
  public record OnCallView(
      String lookupId, Instant at, String team, List<OnCallShift> shifts, List<String> problems) {}

  @Operation(
      summary = "Who is on call",
      description =
          "For one team (team=payments) or every team, now or at an instant (at=2026-12-24T20:00:00Z)."
              + " Each rotation's person, since when, until when (the next hand-off) and who is"
              + " next. 400 naming at for an instant that is not ISO-8601; 404 naming team for a"
              + " team the roster does not have.")
  @GetMapping
  public OnCallView onCall(
      @RequestParam(required = false) String team, @RequestParam(required = false) String at) {
    guard.reader();
    String asked = team(team);
    Instant instant = instant(at);
    String id = OnCallLookupWorkflow.ID_PREFIX + UUID.randomUUID().toString().substring(0, 8);
    OnCallLookupWorkflow workflow =
        client.newWorkflowStub(
            OnCallLookupWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(incident.taskQueue())
                .setWorkflowExecutionTimeout(TIMEOUT)
                .setStaticSummary("Who is on call" + (asked == null ? "" : " for " + asked))
                .build());
    calls.call(() -> WorkflowClient.start(workflow::run, new OnCallQuery(asked, instant)));
    OnCallAnswer answer;
    try {
      answer =
          calls.result(
              workflow,
              OnCallAnswer.class,
              TIMEOUT,
              run -> new WorkflowTimedOutException(run, "on-call lookup", "oncall", TIMEOUT));
    } catch (WorkflowFailedException e) {
      if (e.getCause() instanceof ApplicationFailure failure
          && FailureType.NOT_FOUND.type().equals(failure.getType())) {
        throw new BadInputException(HttpStatus.NOT_FOUND, "team", failure.getOriginalMessage());
      }
      throw e;
    }
    return new OnCallView(id, answer.at(), asked, answer.shifts(), answer.problems());
  }

  private String team(String team) {
    if (team == null || team.isBlank()) {
      return null;
    }
    limits.labelValue("team", team);
    if (!TEAM.matcher(team).matches()) {
      throw BadInputException.invalid(
          "team",
          "team must be a team name (letters, digits, . _ -), not "
              + BadInputException.shown(team));
    }
    return team;
  }

  /** {@code at} as an instant, or null for now. */
  private static Instant instant(String at) {
    if (at == null || at.isBlank()) {
      return null;
    }
    Instant instant;
    try {
      instant = java.time.OffsetDateTime.parse(at.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw new BadInputException(
          HttpStatus.BAD_REQUEST,
          "at",
          "at must be an ISO-8601 instant such as 2026-12-24T20:00:00Z, not "
              + BadInputException.shown(at));
    }
    if (instant.isAfter(LATEST) || instant.isBefore(Instant.EPOCH)) {
      throw new BadInputException(
          HttpStatus.BAD_REQUEST, "at", "at must be between 1970 and the year 9999");
    }
    return instant;
  }
}
