package io.incidentresponse.starter.drill;

import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.starter.webhook.InputLimits;
import io.incidentresponse.workflows.drill.AbortDrillRequest;
import io.incidentresponse.workflows.drill.DrillRequest;
import io.incidentresponse.workflows.drill.DrillScenarios;
import io.incidentresponse.workflows.drill.DrillStopCondition;
import io.incidentresponse.workflows.drill.DrillTargets;
import io.incidentresponse.workflows.drill.DrillWorkflow;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;

/**
 * Turns a REST body or a configured schedule into the {@link DrillRequest} the workflow takes,
 * refusing at the door (422 naming the field) what the workflow would refuse later.
 */
@Component
public class DrillRequests {
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  static final int MAX_STOP_CONDITIONS = 10;
  static final int MAX_QUERY = 1_000;
  static final Duration SHORTEST_CHECK = Duration.ofSeconds(10);

  private final IncidentProperties incident;
  private final DrillProperties drills;
  private final InputLimits limits;

  public DrillRequests(IncidentProperties incident, DrillProperties drills, InputLimits limits) {
    this.incident = incident;
    this.drills = drills;
    this.limits = limits;
  }

  /** The request a REST body asks for; {@code by} is the caller (filled in by the guard). */
  DrillRequest fromBody(DrillBodies.Start body) {
    String scenario = scenario(body.scenario());
    String service = name("service", body.service());
    String namespace =
        body.namespace() == null
            ? incident.policy().defaultNamespace()
            : name("namespace", body.namespace());
    Duration duration = duration("duration", body.duration(), true);
    Duration checkInterval = duration("checkInterval", body.checkInterval(), false);
    if (checkInterval != null && checkInterval.compareTo(SHORTEST_CHECK) < 0) {
      throw BadInputException.invalid(
          "checkInterval", "checkInterval must be at least " + SHORTEST_CHECK.toSeconds() + "s");
    }
    Map<String, String> parameters = parameters(body.parameters());
    List<DrillStopCondition> stops = stopConditions(body.stopConditions());
    limits.name("by", body.by());
    limits.text("reason", body.reason());
    return new DrillRequest(
        scenario,
        service,
        namespace,
        duration,
        parameters,
        stops,
        checkInterval,
        body.by(),
        body.reason(),
        Boolean.TRUE.equals(body.notifyLeadership()),
        Boolean.TRUE.equals(body.dryRun()),
        targets());
  }

  /** The request a configured schedule starts. */
  DrillRequest fromSchedule(DrillProperties.ScheduledDrill s) {
    List<DrillStopCondition> stops =
        s.stopConditions() == null
            ? null
            : s.stopConditions().stream()
                .map(c -> new DrillStopCondition(c.query(), c.above()))
                .toList();
    return new DrillRequest(
        s.scenario(),
        s.service(),
        s.namespace() == null ? incident.policy().defaultNamespace() : s.namespace(),
        s.duration(),
        s.parameters(),
        stops,
        null,
        "schedule " + s.id(),
        s.reason() == null ? "scheduled drill " + s.id() : s.reason(),
        s.notifyLeadership(),
        s.dryRun(),
        targets());
  }

  /** An abort as the workflow takes it; {@code reason} bounded like every free text. */
  AbortDrillRequest abort(DrillBodies.Abort body) {
    limits.name("by", body.by());
    limits.text("reason", body.reason());
    return new AbortDrillRequest(body.by(), body.reason());
  }

  /** The score's targets: the policy's response times, the configured detect and mitigate. */
  DrillTargets targets() {
    return new DrillTargets(
        drills.detectTarget(), incident.policy().responseTimes(), drills.mitigateTarget());
  }

  /** Checks a configured drill at start-up; the message names {@code property}. */
  static void checkPlan(String property, String scenario, String service, Duration duration) {
    if (!DrillScenarios.known(scenario)) {
      throw new IllegalArgumentException(
          property + ".scenario must be one of " + DrillScenarios.ALL + ", was " + scenario);
    }
    if (service == null || !NAME.matcher(service).matches()) {
      throw new IllegalArgumentException(property + ".service must be a service name");
    }
    if (duration == null || !withinLongest(duration)) {
      throw new IllegalArgumentException(
          property
              + ".duration must be positive and at most "
              + DrillWorkflow.LONGEST.toHours()
              + "h");
    }
  }

  private static String scenario(String scenario) {
    if (scenario == null || scenario.isBlank()) {
      throw BadInputException.missing("scenario");
    }
    if (!DrillScenarios.known(scenario)) {
      throw BadInputException.invalid(
          "scenario",
          "scenario must be one of "
              + String.join(", ", DrillScenarios.ALL)
              + ", not "
              + BadInputException.shown(scenario));
    }
    return scenario;
  }

  String name(String field, String value) {
    if (value == null || value.isBlank()) {
      throw BadInputException.missing(field);
    }
    limits.labelValue(field, value);
    if (!NAME.matcher(value).matches()) {
      throw BadInputException.invalid(field, field + " must be a name (letters, digits, . _ -)");
    }
    return value;
  }

  private static Duration duration(String field, String text, boolean required) {
    if (text == null || text.isBlank()) {
      if (required) {
        throw BadInputException.missing(field);
      }
      return null;
    }
    Duration duration;
    try {
      duration = DurationStyle.detectAndParse(text.trim());
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw BadInputException.invalid(
          field, field + " must look like 30m, 2h or PT30M, not " + BadInputException.shown(text));
    }
    if (required && !withinLongest(duration)) {
      throw BadInputException.invalid(
          field, field + " must be positive and at most " + DrillWorkflow.LONGEST.toHours() + "h");
    }
    return duration;
  }

  private static boolean withinLongest(Duration d) {
    return !d.isNegative() && !d.isZero() && d.compareTo(DrillWorkflow.LONGEST) <= 0;
  }

  private Map<String, String> parameters(Map<String, String> parameters) {
    if (parameters == null) {
      return Map.of();
    }
    if (parameters.size() > DrillWorkflow.MAX_PARAMETERS) {
      throw BadInputException.invalid(
          "parameters", "at most " + DrillWorkflow.MAX_PARAMETERS + " parameters");
    }
    parameters.forEach(
        (key, value) -> {
          limits.name("parameters", key);
          if (value == null) {
            throw BadInputException.invalid(
                "parameters." + key, "parameters." + key + " must be a string");
          }
          limits.name("parameters." + key, value);
        });
    return parameters;
  }

  private List<DrillStopCondition> stopConditions(List<DrillBodies.StopCondition> given) {
    if (given == null) {
      return null;
    }
    if (given.size() > MAX_STOP_CONDITIONS) {
      throw BadInputException.invalid(
          "stopConditions", "at most " + MAX_STOP_CONDITIONS + " stop conditions");
    }
    List<DrillStopCondition> stops = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      DrillBodies.StopCondition c = given.get(i);
      String field = "stopConditions[" + i + "]";
      if (c == null || c.query() == null || c.query().isBlank()) {
        throw BadInputException.missing(field + ".query");
      }
      if (c.query().length() > MAX_QUERY) {
        throw BadInputException.invalid(
            field + ".query", field + ".query is longer than " + MAX_QUERY + " characters");
      }
      if (c.above() == null || c.above().isNaN()) {
        throw BadInputException.missing(field + ".above");
      }
      stops.add(new DrillStopCondition(c.query(), c.above()));
    }
    return stops;
  }
}
