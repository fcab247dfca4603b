package io.incidentresponse.starter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** A real HTTP client against the starter on its random port. */
final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * The day the stored payloads are moved to (yesterday, UTC): their timestamps must lie within a
   * year of now, so the payloads' recorded day {@value #RECORDED_DAY} is replaced on reading.
   */
  static final String DAY = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();

  private static final String RECORDED_DAY = "2026-11-26";

  private final int port;
  private final String base;
  private final String[] credential;

  /** Requests without a credential of their own send {@code credential} (header, value). */
  Http(int port, String... credential) {
    this.port = port;
    this.base = "http://127.0.0.1:" + port;
    this.credential = credential;
  }

  /** The same server with another credential, or none. */
  Http as(String... credential) {
    return new Http(port, credential);
  }

  HttpResponse<String> post(String path, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    return send(withHeaders(request, headers).build());
  }

  HttpResponse<String> get(String path, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET();
    return send(withHeaders(request, headers).build());
  }

  private HttpRequest.Builder withHeaders(HttpRequest.Builder request, String... headers) {
    if (headers.length > 0) {
      request.headers(headers);
    }
    boolean ownCredential = false;
    for (int i = 0; i < headers.length; i += 2) {
      ownCredential |=
          headers[i].equalsIgnoreCase("Authorization") || headers[i].equalsIgnoreCase("X-API-Key");
    }
    if (!ownCredential && credential.length > 0) {
      request.headers(credential);
    }
    return request;
  }

  static HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String payload(String name) {
    try (InputStream in = Http.class.getResourceAsStream("/payloads/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no payload " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(RECORDED_DAY, DAY);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** PagerDuty's signature header value for {@code body} under {@code secret}. */
  static String pagerDutySignature(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      StringBuilder hex = new StringBuilder("v1=");
      for (byte b : mac.doFinal(body.getBytes(StandardCharsets.UTF_8))) {
        hex.append(String.format("%02x", b));
      }
      return hex.toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
