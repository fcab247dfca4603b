package io.incidentresponse.starter.slack;

import io.incidentresponse.starter.incident.DeliveryMemory;
import io.incidentresponse.starter.incident.IncidentGateway;
import io.incidentresponse.starter.incident.IncidentGateway.Delivery;
import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.starter.webhook.DeclareRequest;
import io.incidentresponse.starter.webhook.InputLimits;
import io.incidentresponse.starter.webhook.JsonBodies;
import io.incidentresponse.starter.webhook.WebhookController;
import io.incidentresponse.workflows.alerts.Alert;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Slack's {@code /incident} slash command: {@code /incident declare P1 checkout "card payments
 * failing"} declares an incident the way {@code POST /api/incidents} does, the Slack user as its
 * reporter. Slack's signature and timestamp are checked on the raw body first ({@link
 * SlackSignatures}). Slack shows what the command answers within 3 s: the incident id once Temporal
 * accepted it, else a note that it follows, posted to the command's {@code response_url} when
 * Temporal answers. Every answer is ephemeral (only the person who typed it sees it). Without a
 * signing secret the endpoint answers 404 and does nothing.
 */
@RestController
public class SlackCommandController {
  private static final Logger log = LoggerFactory.getLogger(SlackCommandController.class);
  private static final String TYPES = "https://github.com/incident-response/problems/";

  /**
   * The source its declarations are counted under: a command Slack sends again (its retry of a late
   * answer, the same body) is answered from the delivery memory and counted in {@code
   * incident.alerts.duplicates}, as a webhook's redelivery is.
   */
  static final String SOURCE = "slack-command";

  /** How long the command waits for Temporal before it answers Slack (which waits 3 s). */
  static final Duration ANSWER_WITHIN = Duration.ofMillis(2000);

  private final SlackInteractionProperties properties;
  private final SlackSignatures signatures;
  private final SlackReplies replies;
  private final JsonBodies bodies;
  private final InputLimits limits;
  private final IncidentGateway gateway;
  private final DeliveryMemory memory;
  private final MeterRegistry meters;
  private final Clock clock;
  private final ThreadPoolExecutor pool =
      new ThreadPoolExecutor(
          2,
          2,
          60,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(50),
          runnable -> {
            Thread thread = new Thread(runnable, "slack-command");
            thread.setDaemon(true);
            return thread;
          });

  public SlackCommandController(
      SlackInteractionProperties properties,
      SlackSignatures signatures,
      SlackReplies replies,
      JsonBodies bodies,
      InputLimits limits,
      IncidentGateway gateway,
      DeliveryMemory memory,
      MeterRegistry meters,
      Clock clock) {
    this.properties = properties;
    this.signatures = signatures;
    this.replies = replies;
    this.bodies = bodies;
    this.limits = limits;
    this.gateway = gateway;
    this.memory = memory;
    this.meters = meters;
    this.clock = clock;
  }

  @PreDestroy
  void stop() {
    pool.shutdown();
  }

  /** What Slack shows the person who typed the command. */
  public record Answer(String response_type, String text) {
    static Answer ephemeral(String text) {
      return new Answer("ephemeral", text);
    }
  }

  @Operation(
      summary = "Slack slash command /incident",
      description =
          "Form-encoded as Slack sends it, signed with X-Slack-Signature and"
              + " X-Slack-Request-Timestamp. 200 with an ephemeral message: the incident id, or"
              + " the usage.")
  @PostMapping(path = "/api/slack/commands", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<?> command(HttpServletRequest request) throws IOException {
    if (!properties.enabled()) {
      ProblemDetail problem =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.NOT_FOUND,
              "set incident.slack.interactions.signing-secrets (SLACK_SIGNING_SECRET) to take"
                  + " the /incident command from Slack");
      problem.setType(URI.create(TYPES + "not-configured"));
      problem.setTitle("Slack commands are not configured");
      return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }
    byte[] body = bodies.read(request);
    signatures.verify(
        request.getHeader(SlackSignatures.TIMESTAMP_HEADER),
        request.getHeader(SlackSignatures.SIGNATURE_HEADER),
        body,
        request.getHeader(SlackSignatures.RETRY_HEADER) != null);
    Map<String, String> form = form(body);
    Optional<SlackCommand> command = SlackCommand.parse(form.get("text"));
    if (command.isEmpty()) {
      return ResponseEntity.ok(Answer.ephemeral(SlackCommand.USAGE));
    }
    return ResponseEntity.ok(declare(command.get(), form, body));
  }

  private Answer declare(SlackCommand command, Map<String, String> form, byte[] body) {
    String reporter = reporter(form);
    List<Alert> alerts;
    try {
      Alert declared =
          new DeclareRequest(
                  command.title(), command.service(), command.severity(), null, null, null, null)
              .toAlert(clock.instant(), limits);
      declared.annotations().put("reported_by", reporter);
      alerts = limits.alerts(List.of(declared), null);
    } catch (BadInputException refused) {
      return Answer.ephemeral("Not declared: " + refused.getMessage() + "\n" + SlackCommand.USAGE);
    }
    String deliveryId = SOURCE + ":" + WebhookController.sha256(body);
    CompletableFuture<DeliveryMemory.Outcome> delivery;
    try {
      delivery =
          CompletableFuture.supplyAsync(
              () ->
                  WebhookController.once(
                      memory,
                      meters,
                      SOURCE,
                      deliveryId,
                      () -> gateway.deliver(alerts, null, deliveryId, command.title(), null)),
              pool);
    } catch (RejectedExecutionException full) {
      return Answer.ephemeral("Not declared: too many declarations at once; try again.");
    }
    try {
      return Answer.ephemeral(
          declared(command, delivery.get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS)));
    } catch (TimeoutException slow) {
      String responseUrl = form.get("response_url");
      if (replies.allowed(responseUrl)) {
        // no thread waits for it: the answer is posted by whichever thread completes the delivery
        delivery.whenComplete(
            (outcome, failure) ->
                replies.ephemeral(
                    responseUrl,
                    failure == null ? declared(command, outcome) : notDeclared(cause(failure))));
      }
      return Answer.ephemeral(
          "Declaring a "
              + command.severity()
              + " incident for "
              + command.service()
              + "; Temporal is slow to answer, the incident id follows here.");
    } catch (ExecutionException failed) {
      return Answer.ephemeral(notDeclared(failed.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Answer.ephemeral("Not declared: the starter is shutting down; try again.");
    }
  }

  private static Throwable cause(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  private static String declared(SlackCommand command, DeliveryMemory.Outcome outcome) {
    Delivery delivery = outcome.incidents().get(0);
    if (delivery.incidentId() == null) {
      return "Held by maintenance " + delivery.heldBy() + ": no incident was opened.";
    }
    return "Declared "
        + command.severity()
        + " incident "
        + delivery.incidentId()
        + " for "
        + command.service()
        + ": "
        + command.title();
  }

  /**
   * A declaration Temporal did not confirm. It may still have been accepted (a call can time out
   * after it reached the server), so the person is told that running the command again is safe: a
   * second declaration for the same service joins the incident the first one opened.
   */
  private static String notDeclared(Throwable cause) {
    String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    log.warn("a /incident declaration was not confirmed: {}", why);
    return "Not confirmed: "
        + why
        + ". Run the command again (it joins the incident if this one was opened), or declare"
        + " with incidentctl or POST /api/incidents.";
  }

  /** The person the Slack user is configured as, else their Slack name and id. */
  private String reporter(Map<String, String> form) {
    String userId = form.getOrDefault("user_id", "");
    String person = properties.personOfUser(userId);
    if (person != null) {
      return person;
    }
    String name = form.getOrDefault("user_name", "someone");
    String shown = name + " (Slack " + userId + ")";
    return shown.length() <= 200 ? shown : shown.substring(0, 200);
  }

  private static Map<String, String> form(byte[] body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        try {
          form.putIfAbsent(
              URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException malformed) {
          // a malformed pair is left out; the command then lacks what it needed
        }
      }
    }
    return form;
  }
}
