package io.incidentresponse.starter.slack;

import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.starter.webhook.JsonBodies;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Slack's interactivity request URL: the Approve and Reject buttons of approval requests. Slack's
 * signature is checked on the raw body before anything in it is read ({@link SlackSignatures}); a
 * verified click is answered at once with an empty 200 (Slack waits 3 s) and carried out by {@link
 * SlackDecisions}, which puts the outcome under the request. Without a signing secret the endpoint
 * answers 404 and does nothing.
 */
@RestController
public class SlackInteractionController {
  private static final Logger log = LoggerFactory.getLogger(SlackInteractionController.class);
  private static final String TYPES = "https://github.com/incident-response/problems/";

  private final SlackInteractionProperties properties;
  private final SlackSignatures signatures;
  private final SlackReplies replies;
  private final SlackDecisions decisions;
  private final JsonBodies bodies;
  private final JsonMapper json;

  public SlackInteractionController(
      SlackInteractionProperties properties,
      SlackSignatures signatures,
      SlackReplies replies,
      SlackDecisions decisions,
      JsonBodies bodies,
      JsonMapper json) {
    this.properties = properties;
    this.signatures = signatures;
    this.replies = replies;
    this.decisions = decisions;
    this.bodies = bodies;
    this.json = json;
    if (!properties.enabled()) {
      log.info(
          "Slack approval buttons are off: incident.slack.interactions.signing-secrets is not set");
    }
  }

  @Operation(
      summary = "Slack interactivity (Approve / Reject buttons)",
      description =
          "Form-encoded payload=... as Slack sends it, signed with X-Slack-Signature and"
              + " X-Slack-Request-Timestamp. 200 with an empty body at once; the outcome replaces"
              + " the approval request in Slack.")
  @PostMapping(path = "/api/slack/interactions")
  public ResponseEntity<?> interaction(HttpServletRequest request) throws IOException {
    if (!properties.enabled()) {
      return problem(
          HttpStatus.NOT_FOUND,
          "not-configured",
          "Slack interactions are not configured",
          "set incident.slack.interactions.signing-secrets (SLACK_SIGNING_SECRET) to take"
              + " Approve and Reject clicks from Slack");
    }
    byte[] body = bodies.read(request);
    signatures.verify(
        request.getHeader(SlackSignatures.TIMESTAMP_HEADER),
        request.getHeader(SlackSignatures.SIGNATURE_HEADER),
        body);
    Optional<SlackInteraction> click = SlackInteraction.parse(body, json);
    if (click.isEmpty()) {
      return ResponseEntity.ok().build(); // something else Slack tells the app: nothing to do
    }
    if (!replies.allowed(click.get().responseUrl())) {
      throw BadInputException.invalid(
          "response_url", "response_url is not Slack's (https://hooks.slack.com/...)");
    }
    try {
      decisions.submit(click.get());
    } catch (RejectedExecutionException full) {
      log.warn("refused {}: {} clicks are waiting already", click.get(), SlackDecisions.QUEUE);
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
          .header(HttpHeaders.RETRY_AFTER, "1")
          .body(
              body(
                  HttpStatus.SERVICE_UNAVAILABLE,
                  "busy",
                  "Too many clicks at once",
                  "too many Slack clicks are being carried out; nothing was done, click again"));
    }
    return ResponseEntity.ok().build();
  }

  private static ResponseEntity<ProblemDetail> problem(
      HttpStatus status, String type, String title, String detail) {
    return ResponseEntity.status(status).body(body(status, type, title, detail));
  }

  private static ProblemDetail body(HttpStatus status, String type, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPES + type));
    problem.setTitle(title);
    return problem;
  }
}
