package io.incidentresponse.starter.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * The 401 and 403 answers of the security filters, as problem+json like every other refusal, with a
 * detail that says what to send. Never an HTML page, never the credential.
 */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {
  static final String TYPES = "https://github.com/incident-response/problems/";

  /** What a caller without credentials is told. */
  static final String WHAT_TO_SEND =
      "this API needs credentials: an API key (Authorization: Bearer KEY, or X-API-Key: KEY) or"
          + " an OIDC bearer token";

  private final JsonMapper json;

  SecurityProblems(JsonMapper json) {
    this.json = json;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    unauthorized(response, WHAT_TO_SEND);
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException {
    write(
        response,
        HttpStatus.FORBIDDEN,
        "forbidden",
        "Forbidden",
        "your roles do not allow this; ask an admin for the role it needs");
  }

  void unauthorized(HttpServletResponse response, String detail) throws IOException {
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    write(response, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail);
  }

  void unavailable(HttpServletResponse response, String detail) throws IOException {
    response.setHeader(HttpHeaders.RETRY_AFTER, "30");
    write(
        response,
        HttpStatus.SERVICE_UNAVAILABLE,
        "identity-provider-unavailable",
        "Identity provider unavailable",
        detail);
  }

  private void write(
      HttpServletResponse response, HttpStatus status, String type, String title, String detail)
      throws IOException {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPES + type));
    problem.setTitle(title);
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(json.writeValueAsString(problem));
  }
}
