package io.incidentresponse.starter.api;

import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.incident.TemporalCalls;
import io.incidentresponse.starter.incident.WorkflowTimedOutException;
import io.incidentresponse.starter.security.AccessGuard;
import io.incidentresponse.starter.security.Caller;
import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.workflows.actionitems.ActionItemFilter;
import io.incidentresponse.workflows.actionitems.ActionItemListWorkflow;
import io.incidentresponse.workflows.actionitems.ActionItemPage;
import io.incidentresponse.workflows.actionitems.ActionItemRow;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.postmortem.ActionItemKind;
import io.incidentresponse.workflows.postmortem.ActionItemStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Postmortem action items across incidents, from the worker's incident history store: runs the
 * {@code ActionItemList} workflow and waits for its page, at most {@value #TIMEOUT_SECONDS} s. Any
 * role may ask: it only reads. Every parameter is checked here and a bad one is refused with a 400
 * naming it, before anything runs; an unknown parameter too, so a misspelt filter never lists
 * everything.
 */
@RestController
@RequestMapping(path = "/api/action-items", produces = MediaType.APPLICATION_JSON_VALUE)
public class ActionItemsController {
  static final int TIMEOUT_SECONDS = 20;
  private static final Duration TIMEOUT = Duration.ofSeconds(TIMEOUT_SECONDS);
  private static final String TYPES = "https://github.com/incident-response/problems/";

  /** The store's column size for a person or a service. */
  static final int MAX_NAME = 255;

  /** Every value {@code status} or {@code kind} takes for "no filter". */
  static final String ANY = "any";

  static final Set<String> PARAMETERS =
      Set.of("owner", "mine", "overdue", "service", "status", "kind", "limit", "offset");

  private final WorkflowClient client;
  private final TemporalCalls calls;
  private final AccessGuard guard;
  private final IncidentProperties incident;

  public ActionItemsController(
      WorkflowClient client, TemporalCalls calls, AccessGuard guard, IncidentProperties incident) {
    this.client = client;
    this.calls = calls;
    this.guard = guard;
    this.incident = incident;
  }

  /**
   * The answer.
   *
   * @param listId the workflow that answered
   * @param filter the filter as applied (defaults filled in)
   * @param today the day "overdue" was judged against, in the store's zone
   * @param items the page's rows
   * @param nextOffset the {@code offset} of the next page, or null when this is the last
   */
  public record ActionItemList(
      String listId,
      ActionItemFilter filter,
      LocalDate today,
      List<ActionItemRow> items,
      Integer nextOffset) {}

  @Operation(
      summary = "List postmortem action items across incidents",
      description =
          "Filters, all optional and combined: owner=carol or mine=true (the caller), overdue=true"
              + " (open and past due), service=checkout, status=OPEN,IN_PROGRESS (the default;"
              + " 'any' for every status), kind=MONITORING or technical / process (the runbook's"
              + " groups), limit (1-200, default 50), offset (paging, up to 10000; the answer's"
              + " nextOffset). Soonest due first. 400 naming the parameter for a bad or unknown"
              + " one.")
  @GetMapping
  public ActionItemList list(HttpServletRequest request) {
    Caller caller = guard.reader();
    ActionItemFilter filter = filter(request, caller);
    String id = ActionItemListWorkflow.ID_PREFIX + UUID.randomUUID().toString().substring(0, 8);
    ActionItemListWorkflow workflow =
        client.newWorkflowStub(
            ActionItemListWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(incident.taskQueue())
                .setWorkflowExecutionTimeout(TIMEOUT)
                .setStaticSummary("Action items")
                .build());
    calls.call(() -> WorkflowClient.start(workflow::run, filter));
    ActionItemPage page =
        calls.result(
            workflow,
            ActionItemPage.class,
            TIMEOUT,
            run ->
                new WorkflowTimedOutException(run, "action item listing", "action-items", TIMEOUT));
    return new ActionItemList(id, filter, page.today(), page.items(), page.nextOffset());
  }

  /** The filter the request's parameters describe; 400 naming the first bad one. */
  static ActionItemFilter filter(HttpServletRequest request, Caller caller) {
    for (String name : request.getParameterMap().keySet()) {
      if (!PARAMETERS.contains(name)) {
        throw bad(
            name,
            "unknown parameter "
                + BadInputException.shown(name)
                + "; the filters are "
                + String.join(", ", PARAMETERS.stream().sorted().toList()));
      }
    }
    String owner = name(request, "owner");
    boolean mine = flag(request, "mine");
    if (mine && owner != null) {
      throw bad("mine", "mine and owner exclude each other: give one");
    }
    if (mine) {
      if (!caller.verified()) {
        throw bad(
            "mine", "mine needs to know who you are: send an API key or token, or say owner=NAME");
      }
      owner = caller.person();
    }
    return new ActionItemFilter(
        owner,
        flag(request, "overdue"),
        name(request, "service"),
        statuses(request),
        kinds(request),
        number(request, "limit", 1, ActionItemFilter.MAX_LIMIT, ActionItemFilter.DEFAULT_LIMIT),
        number(request, "offset", 0, ActionItemFilter.MAX_OFFSET, 0));
  }

  /** One value of {@code name}: a repeated parameter is refused (which one would count?). */
  private static String single(HttpServletRequest request, String name) {
    String[] values = request.getParameterValues(name);
    if (values == null) {
      return null;
    }
    if (values.length > 1) {
      throw bad(name, name + " is given " + values.length + " times; give it once");
    }
    return values[0].strip();
  }

  private static String name(HttpServletRequest request, String name) {
    String value = single(request, name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (value.length() > MAX_NAME) {
      throw bad(name, name + " must be at most " + MAX_NAME + " characters");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw bad(name, name + " must not hold control characters");
    }
    return value;
  }

  private static boolean flag(HttpServletRequest request, String name) {
    String value = single(request, name);
    if (value == null || value.isEmpty() || value.equalsIgnoreCase("false")) {
      return false;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    throw bad(name, name + " must be true or false, not " + BadInputException.shown(value));
  }

  private static int number(HttpServletRequest request, String name, int min, int max, int absent) {
    String value = single(request, name);
    if (value == null || value.isEmpty()) {
      return absent;
    }
    try {
      int number = Integer.parseInt(value);
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw bad(
        name,
        name
            + " must be a whole number from "
            + min
            + " to "
            + max
            + ", not "
            + BadInputException.shown(value));
  }

  /** {@code status}: statuses, comma-separated; absent: the open ones; {@code any}: every one. */
  private static List<ActionItemStatus> statuses(HttpServletRequest request) {
    String value = single(request, "status");
    if (value == null || value.isEmpty()) {
      return List.of(ActionItemStatus.OPEN, ActionItemStatus.IN_PROGRESS);
    }
    return values(
        "status",
        value,
        word -> List.of(ActionItemStatus.valueOf(word)),
        Arrays.toString(ActionItemStatus.values()));
  }

  /** {@code kind}: kinds or the groups {@code technical} and {@code process}, comma-separated. */
  private static List<ActionItemKind> kinds(HttpServletRequest request) {
    String value = single(request, "kind");
    if (value == null || value.isEmpty()) {
      return List.of();
    }
    return values(
        "kind",
        value,
        word ->
            switch (word) {
              case "TECHNICAL" ->
                  Arrays.stream(ActionItemKind.values())
                      .filter(ActionItemKind::isTechnical)
                      .toList();
              case "PROCESS" ->
                  Arrays.stream(ActionItemKind.values()).filter(k -> !k.isTechnical()).toList();
              default -> List.of(ActionItemKind.valueOf(word));
            },
        Arrays.toString(ActionItemKind.values()) + ", technical, process");
  }

  /** A comma-separated list read by {@code parse} (upper-cased words); {@code any}: empty. */
  private static <T> List<T> values(
      String name, String value, Function<String, List<T>> parse, String known) {
    if (value.equalsIgnoreCase(ANY)) {
      return List.of();
    }
    Set<T> parsed = new LinkedHashSet<>();
    for (String word : value.split(",", -1)) {
      String upper = word.strip().toUpperCase(Locale.ROOT).replace('-', '_');
      try {
        parsed.addAll(parse.apply(upper));
      } catch (IllegalArgumentException e) {
        throw bad(
            name,
            name
                + " must be one or more of "
                + known
                + " (or any), comma-separated, not "
                + BadInputException.shown(word));
      }
    }
    return new ArrayList<>(parsed);
  }

  private static BadInputException bad(String parameter, String detail) {
    return new BadInputException(HttpStatus.BAD_REQUEST, parameter, detail);
  }

  /**
   * The store could not answer: 503 when it is down (try again), 502 for anything else; the store's
   * message names its URL without credentials.
   */
  @ExceptionHandler(WorkflowFailedException.class)
  ResponseEntity<ProblemDetail> failed(WorkflowFailedException e) {
    ApplicationFailure application = null;
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure found) {
        application = found;
        break;
      }
    }
    boolean unavailable =
        application != null
            && (FailureType.UNAVAILABLE.type().equals(application.getType())
                || FailureType.NOT_CONFIGURED.type().equals(application.getType()));
    HttpStatus status = unavailable ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_GATEWAY;
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            status,
            "the action item listing "
                + e.getExecution().getWorkflowId()
                + " failed: "
                + (application == null ? e.getMessage() : application.getOriginalMessage()));
    problem.setType(
        URI.create(TYPES + (unavailable ? "history-unavailable" : "action-items-failed")));
    problem.setTitle(unavailable ? "Incident history unavailable" : "Action item listing failed");
    return ResponseEntity.status(status).body(problem);
  }
}
