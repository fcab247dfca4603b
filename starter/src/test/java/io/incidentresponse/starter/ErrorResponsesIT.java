package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Every error is application/problem+json, also the ones Tomcat raises before Spring MVC sees the
 * request. Sent over a raw socket: HTTP clients refuse to send most of these requests.
 */
class ErrorResponsesIT extends StarterIT {

  /** A raw HTTP/1.1 exchange: status, headers (lower-case names) and body. */
  record Raw(int status, String headers, String body) {
    String header(String name) {
      for (String line : headers.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  private Raw raw(String request) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int end = response.indexOf("\r\n\r\n");
      String head = end < 0 ? response : response.substring(0, end);
      String body = end < 0 ? "" : response.substring(end + 4);
      if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
        body = unchunk(body);
      }
      int status = Integer.parseInt(head.substring(9, 12));
      return new Raw(status, head, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String unchunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < chunked.length()) {
      int lineEnd = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
      if (size == 0) {
        break;
      }
      out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
    return out.toString();
  }

  private static String get(String target) {
    return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
  }

  private JsonNode problemOver(Raw response, int status) {
    assertThat(response.status()).as(response.headers() + "\n" + response.body()).isEqualTo(status);
    assertThat(response.header("Content-Type"))
        .as(response.body())
        .startsWith("application/problem+json");
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("title").asString()).isNotBlank();
    assertThat(response.body()).doesNotContain("<html", "Apache Tomcat");
    return problem;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/incidents/abc%00def",
        "/api/incidents/a%2Fb",
        "/api/incidents/a%2fb/timeline",
        "/api/incidents/%",
        "/api/incidents/a%zz",
        "/webhooks/../../etc/passwd"
      })
  void pathTomcatRefuses_isA400Problem(String path) {
    problemOver(raw(get(path)), 400);
  }

  @Test
  void pathSegmentOf3000Characters_isAProblem() {
    Raw response = raw(get("/api/incidents/" + "a".repeat(3_000)));

    assertThat(response.status()).isBetween(400, 499);
    problemOver(response, response.status());
  }

  @Test
  void malformedHeader_isA400Problem() {
    problemOver(
        raw("GET /api/incidents HTTP/1.1\r\nHost: localhost\r\nNo colon here\r\n\r\n"), 400);
  }

  @Test
  void malformedRequestLine_isA400Problem() {
    problemOver(raw("GET /api/inc idents HTTP/1.1\r\nHost: localhost\r\n\r\n"), 400);
  }

  @Test
  void requestHeadersOverTheLimit_isAProblem() {
    Raw response = raw(get("/api/incidents/" + "a".repeat(10_000)));

    assertThat(response.status()).isBetween(400, 499);
    problemOver(response, response.status());
  }

  /** Paths that try to reach the people's API through the machine endpoints' open chain. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/webhooks/..;/api/incidents/x",
        "/webhooks/%2e%2e/api/incidents/x",
        "/webhooks/alertmanager/../../api/incidents/x",
        "/api/slack/interactions/../../incidents/x",
        "/api/slack/interactions/..;/..;/incidents/x",
        "/api/incidents;x=y/x",
        "//api/incidents/x",
        "/api/incidents/x/",
        "/API/incidents/x",
        "/api/incidents/x?api_key=" + TestKeys.ALICE
      })
  void pathTricksWithoutCredentials_neverReachTheApi(String path) {
    Raw response = raw(get(path));

    assertThat(response.status()).as(path).isIn(400, 401, 404);
    problemOver(response, response.status());
    assertThat(response.body()).doesNotContain("incidentId");
  }

  @Test
  void unknownPathAndWrongMethod_areProblems() {
    problemOver(raw(get("/no/such/thing")), 401);
    problemOver(
        raw(
            "GET /no/such/thing HTTP/1.1\r\nHost: localhost\r\nX-API-Key: "
                + TestKeys.ALICE
                + "\r\nConnection: close\r\n\r\n"),
        404);
    problemOver(
        raw(
            "DELETE /webhooks/alertmanager HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
        405);
  }
}
