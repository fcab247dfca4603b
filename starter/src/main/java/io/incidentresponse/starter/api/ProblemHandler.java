package io.incidentresponse.starter.api;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.incident.IncidentDidNotAnswerException;
import io.incidentresponse.starter.incident.PartlyDeliveredException;
import io.incidentresponse.starter.incident.TemporalUnavailableException;
import io.incidentresponse.starter.incident.WorkflowTimedOutException;
import io.incidentresponse.starter.security.ForbiddenException;
import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.starter.webhook.UnauthorizedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every refusal as an RFC 9457 problem+json body. */
@RestControllerAdvice
public class ProblemHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
  private static final String TYPES = "https://github.com/incident-response/problems/";

  private final long retryAfterSeconds;

  public ProblemHandler(IncidentProperties properties) {
    this.retryAfterSeconds = Math.max(1, properties.retryAfter().toSeconds());
  }

  @ExceptionHandler(BadInputException.class)
  ResponseEntity<ProblemDetail> badInput(BadInputException e) {
    ProblemDetail problem = problem(e.status(), "bad-input", "Invalid request", e.getMessage());
    if (e.field() != null) {
      problem.setProperty("field", e.field());
    }
    return ResponseEntity.status(e.status()).body(problem);
  }

  @ExceptionHandler(WorkflowTimedOutException.class)
  ResponseEntity<ProblemDetail> workflowTimedOut(WorkflowTimedOutException e) {
    return ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT)
        .body(
            problem(HttpStatus.GATEWAY_TIMEOUT, e.kind() + "-timeout", e.title(), e.getMessage()));
  }

  @ExceptionHandler(UnauthorizedException.class)
  ResponseEntity<ProblemDetail> unauthorized(UnauthorizedException e) {
    ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.UNAUTHORIZED);
    if (e.challenge() != null) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, e.challenge());
    }
    return response.body(
        problem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", e.getMessage()));
  }

  @ExceptionHandler(ForbiddenException.class)
  ResponseEntity<ProblemDetail> forbidden(ForbiddenException e) {
    ProblemDetail problem = problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage());
    if (e.field() != null) {
      problem.setProperty("field", e.field());
    }
    return ResponseEntity.status(HttpStatus.FORBIDDEN).body(problem);
  }

  @ExceptionHandler(TemporalUnavailableException.class)
  ResponseEntity<ProblemDetail> temporalDown(TemporalUnavailableException e) {
    log.warn("refusing a request: {}", e.getMessage());
    ProblemDetail problem =
        problem(
            HttpStatus.SERVICE_UNAVAILABLE,
            "temporal-unavailable",
            "Temporal unavailable",
            "Temporal cannot be reached or did not answer in time. Retry after "
                + retryAfterSeconds
                + " s: an incident drops a delivery or signal it already has, so a retry is"
                + " safe.");
    if (e instanceof PartlyDeliveredException partly) {
      // the alerts of these incidents are in; the retry is needed for the others
      problem.setProperty("accepted", partly.accepted());
      problem.setProperty("notAccepted", partly.notAccepted());
    }
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds))
        .body(problem);
  }

  @ExceptionHandler(IncidentDidNotAnswerException.class)
  ResponseEntity<ProblemDetail> incidentSilent(IncidentDidNotAnswerException e) {
    log.warn("{}", e.getMessage());
    long seconds = Math.max(1, Math.round(e.deadline().toMillis() / 1000.0));
    return ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT)
        .body(
            problem(
                HttpStatus.GATEWAY_TIMEOUT,
                "incident-silent",
                "The incident did not answer",
                "the incident "
                    + e.incidentId()
                    + " did not answer within "
                    + seconds
                    + " s; its worker may be busy or down (Temporal itself is reachable)."
                    + (e.outcomeUnknown()
                        ? " The approval may still be applied when the worker answers: check the"
                            + " incident before sending it again."
                        : "")));
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ProblemDetail> notJson(HttpMediaTypeNotSupportedException e) {
    return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
        .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
        .body(
            problem(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported media type",
                "send the body as application/json (Content-Type was "
                    + (e.getContentType() == null ? "missing" : quoted(e.getContentType()))
                    + ")"));
  }

  @ExceptionHandler(WorkflowNotFoundException.class)
  ResponseEntity<ProblemDetail> notFound(WorkflowNotFoundException e) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND)
        .body(
            problem(
                HttpStatus.NOT_FOUND,
                "not-found",
                "No such incident",
                "no running or recorded incident " + e.getExecution().getWorkflowId()));
  }

  @ExceptionHandler(WorkflowUpdateException.class)
  ResponseEntity<ProblemDetail> updateRefused(WorkflowUpdateException e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
        .body(
            problem(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "refused",
                "Refused by the incident",
                // the validator's own words, not the failure's Java wrapping (type, retryable)
                root instanceof ApplicationFailure failure
                    ? failure.getOriginalMessage()
                    : root.getMessage()));
  }

  @ExceptionHandler(WorkflowServiceException.class)
  ResponseEntity<ProblemDetail> temporalError(WorkflowServiceException e) {
    if (e.getCause() instanceof StatusRuntimeException grpc) {
      return grpcError(grpc);
    }
    log.error("Temporal call failed", e);
    return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
        .body(problem(HttpStatus.BAD_GATEWAY, "temporal-error", "Temporal error", e.getMessage()));
  }

  @ExceptionHandler(StatusRuntimeException.class)
  ResponseEntity<ProblemDetail> grpcError(StatusRuntimeException e) {
    if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
      return ResponseEntity.status(HttpStatus.NOT_IMPLEMENTED)
          .body(
              problem(
                  HttpStatus.NOT_IMPLEMENTED,
                  "not-supported",
                  "Not supported by this Temporal server",
                  "this Temporal server has no visibility queries (the in-process test server);"
                      + " run the Temporal CLI dev server or a cluster to list incidents"));
    }
    if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .body(problem(HttpStatus.NOT_FOUND, "not-found", "No such incident", e.getMessage()));
    }
    log.error("Temporal call failed", e);
    return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
        .body(problem(HttpStatus.BAD_GATEWAY, "temporal-error", "Temporal error", e.getMessage()));
  }

  private static String quoted(MediaType type) {
    String text = type.getType() + "/" + type.getSubtype();
    return "'" + (text.length() > 80 ? text.substring(0, 80) + "…" : text) + "'";
  }

  private static ProblemDetail problem(
      HttpStatus status, String type, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPES + type));
    problem.setTitle(title);
    return problem;
  }
}
