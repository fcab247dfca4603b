package io.incidentresponse.starter.api;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's error report as problem+json instead of its HTML page: for the errors Tomcat raises
 * before Spring MVC sees the request (an id with {@code %00} or an encoded {@code /}, a malformed
 * header, a request line too long). Never shows Tomcat's version or a stack trace.
 */
public class ProblemReportValve extends ErrorReportValve {
  private static final int MAX_DETAIL = 200;

  public ProblemReportValve() {
    setShowReport(false);
    setShowServerInfo(false);
  }

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(false);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    HttpStatus known = HttpStatus.resolve(status);
    String title = known == null ? "Error " + status : known.getReasonPhrase();
    String detail = detail(status, response.getMessage());
    try {
      response.setContentType("application/problem+json");
      response.setCharacterEncoding("UTF-8");
      PrintWriter writer = response.getReporter();
      if (writer != null) {
        writer.write(
            "{\"type\":\"about:blank\",\"title\":"
                + quote(title)
                + ",\"status\":"
                + status
                + ",\"detail\":"
                + quote(detail)
                + "}");
      }
    } catch (IOException | IllegalStateException tooLate) {
      // the connection is gone or the response was committed: nothing more to say
    }
  }

  private static String detail(int status, String message) {
    String said = message == null || message.isBlank() ? null : message;
    if (said == null) {
      return status == 400
          ? "the request could not be read (malformed request line, header or path)"
          : "the request was refused before it reached the application";
    }
    return said.length() > MAX_DETAIL ? said.substring(0, MAX_DETAIL) + "…" : said;
  }

  /** A JSON string literal: quotes, backslashes and control characters escaped. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
