package io.incidentresponse.starter.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/** The servlet container's error page is a problem too, and never shows an exception. */
class ProblemErrorsTest {
  private final ProblemErrors errors = new ProblemErrors();

  @Test
  void unhandledException_isA500ProblemThatDoesNotRepeatTheExceptionsMessage() {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/error");
    request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
    request.setAttribute(
        RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("secret=hunter2 at db:5432"));
    request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/webhooks/alertmanager");

    ResponseEntity<ProblemDetail> answer = errors.error(request);

    assertThat(answer.getStatusCode().value()).isEqualTo(500);
    assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(answer.getBody().getDetail()).doesNotContain("hunter2", "IllegalState");
  }

  @Test
  void containerError_keepsItsStatus() {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
    request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 400);

    ResponseEntity<ProblemDetail> answer = errors.error(request);

    assertThat(answer.getStatusCode().value()).isEqualTo(400);
    assertThat(answer.getBody().getStatus()).isEqualTo(400);
  }

  @Test
  void jsonStringsInTheValvesReport_areEscaped() {
    assertThat(ProblemReportValve.quote("a\"b\\c\nd\u2028"))
        .isEqualTo("\"a\\\"b\\\\c\\u000ad\\u2028\"");
  }
}
