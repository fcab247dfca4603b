package io.incidentresponse.starter.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every error answer is application/problem+json, also those that never reach a controller: the
 * {@code /error} page of the servlet container (an exception nothing handled, a {@code sendError})
 * and, through {@link ProblemReportValve}, the errors Tomcat raises before Spring MVC.
 */
@RestController
public class ProblemErrors implements ErrorController {
  private static final Logger log = LoggerFactory.getLogger(ProblemErrors.class);

  /** Puts {@link ProblemReportValve} in place of Tomcat's (and Spring Boot's) HTML report. */
  @Component
  static class TomcatErrorReport
      implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {
    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
      factory.addContextCustomizers(
          context -> {
            Container host = context.getParent();
            for (Valve valve : host.getPipeline().getValves()) {
              if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
                host.getPipeline().removeValve(valve);
              }
            }
            if (host instanceof StandardHost standard) {
              standard.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
            host.getPipeline().addValve(new ProblemReportValve());
          });
    }

    /** After Spring Boot's own customizer, which adds an HTML report valve. */
    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE;
    }
  }

  /** The servlet container's error page. */
  @RequestMapping(path = "${server.error.path:${error.path:/error}}")
  public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    HttpStatus status =
        code instanceof Integer value && HttpStatus.resolve(value) != null
            ? HttpStatus.valueOf(value)
            : HttpStatus.NOT_FOUND;
    String detail;
    if (status.is5xxServerError()) {
      Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
      log.error(
          "unhandled error on {}",
          request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
          failure instanceof Throwable t ? t : null);
      detail = "an unexpected error; it is logged";
    } else {
      detail =
          status == HttpStatus.NOT_FOUND && code == null
              ? "no such path"
              : status.getReasonPhrase();
    }
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create("about:blank"));
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }
}
