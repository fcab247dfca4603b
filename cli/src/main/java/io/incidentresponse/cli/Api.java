package io.incidentresponse.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The starter's REST API as the CLI uses it: one credential (API key or OIDC token), JSON in and
 * out, and every answer that is not a success turned into an {@link ApiFailure} carrying the exit
 * code and the problem's {@code detail}.
 */
public final class Api {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final String baseUrl;
  private final String apiKey;
  private final String token;
  private final Duration timeout;

  public Api(String baseUrl, String apiKey, String token, Duration timeout) {
    this.baseUrl = baseUrl == null ? "" : baseUrl.strip().replaceAll("/+$", "");
    this.apiKey = blankToNull(apiKey);
    this.token = blankToNull(token);
    this.timeout = timeout;
  }

  public JsonNode get(String path) {
    return send("GET", path, null);
  }

  public JsonNode post(String path, JsonNode body) {
    return send("POST", path, Json.write(body));
  }

  /** {@code /api/incidents/ID}, the id encoded as one path segment. */
  public static String incident(String id) {
    if (id == null || id.isBlank()) {
      throw new ApiFailure(ExitCode.USAGE, "the incident ID is empty");
    }
    return "/api/incidents/" + segment(id);
  }

  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** {@code ?a=1&b=2} of the non-blank values, or an empty string. */
  public static String query(Map<String, String> values) {
    StringBuilder out = new StringBuilder();
    values.forEach(
        (name, value) -> {
          if (value != null && !value.isBlank()) {
            out.append(out.isEmpty() ? '?' : '&')
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
          }
        });
    return out.toString();
  }

  private URL url(String path) {
    if (apiKey != null && token != null) {
      throw new ApiFailure(
          ExitCode.USAGE,
          "give one credential: --api-key (INCIDENT_API_KEY) or --token (INCIDENT_API_TOKEN), not"
              + " both");
    }
    try {
      URI uri = URI.create(baseUrl + path);
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null) {
        throw new IllegalArgumentException("not http(s) with a host");
      }
      return uri.toURL();
    } catch (IllegalArgumentException | MalformedURLException e) {
      throw new ApiFailure(
          ExitCode.USAGE,
          "--url must be an http(s) URL with a host, e.g. http://127.0.0.1:8080 (was "
              + baseUrl
              + ")");
    }
  }

  /*
   * java.net's HttpURLConnection rather than java.net.http.HttpClient: the latter sets up a TLS
   * context and a selector thread even for plain http, about a quarter of a second per call, half
   * of the CLI's budget. Redirects are not followed and a failed POST is never sent again
   * (IncidentCtl.main sets sun.net.http.retryPost=false), so an approval is sent at most once.
   */
  private JsonNode send(String method, String path, String body) {
    URL url = url(path);
    HttpURLConnection connection = null;
    try {
      connection = (HttpURLConnection) url.openConnection();
      connection.setRequestMethod(method);
      connection.setInstanceFollowRedirects(false);
      connection.setUseCaches(false);
      connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
      connection.setReadTimeout((int) timeout.toMillis());
      connection.setRequestProperty("Accept", "application/json");
      if (apiKey != null) {
        connection.setRequestProperty("X-API-Key", apiKey);
      } else if (token != null) {
        connection.setRequestProperty("Authorization", "Bearer " + token);
      }
      if (body != null) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        connection.setFixedLengthStreamingMode(bytes.length);
        try (OutputStream out = connection.getOutputStream()) {
          out.write(bytes);
        }
      }
      int status = connection.getResponseCode();
      String text = read(status >= 400 ? connection.getErrorStream() : connection.getInputStream());
      JsonNode answer = parse(status, text, url);
      if (status >= 400) {
        throw failure(status, answer, text);
      }
      if (status >= 300) {
        throw new ApiFailure(
            ExitCode.SERVER_ERROR,
            "HTTP "
                + status
                + " to "
                + connection.getHeaderField("Location")
                + ": is --url the starter's address?");
      }
      return answer;
    } catch (ConnectException e) {
      throw unreachable("connection refused");
    } catch (SocketTimeoutException e) {
      boolean connecting =
          String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("connect");
      throw unreachable(
          connecting
              ? "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s"
              : "no answer within " + timeout.toSeconds() + " s");
    } catch (UnknownHostException e) {
      throw unreachable("unknown host " + e.getMessage());
    } catch (IOException e) {
      throw unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } catch (IllegalArgumentException e) {
      // HttpURLConnection refuses a header value with line breaks or control characters; its
      // message quotes the value, which is the secret: not printed.
      throw new ApiFailure(
          ExitCode.USAGE,
          "the API key or token has characters a request header cannot carry (a line break?)");
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
    }
  }

  private static String read(InputStream in) throws IOException {
    if (in == null) {
      return "";
    }
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private ApiFailure unreachable(String why) {
    return new ApiFailure(
        ExitCode.UNREACHABLE,
        "cannot reach " + baseUrl + " (" + why + ")",
        "is the starter running? ./run starts it; --url or INCIDENT_API_URL points elsewhere");
  }

  private static JsonNode parse(int status, String text, URL url) {
    if (text == null || text.isBlank()) {
      return Json.NODES.nullNode();
    }
    try {
      return Json.read(text);
    } catch (JacksonException e) {
      if (status >= 400) {
        return Json.NODES.nullNode();
      }
      throw new ApiFailure(
          ExitCode.SERVER_ERROR,
          "the answer from " + url + " is not JSON (HTTP " + status + "): is --url the starter?");
    }
  }

  /** The problem's detail (and field) on one line, with the exit code of the status. */
  static ApiFailure failure(int status, JsonNode problem, String raw) {
    String detail = problem.path("detail").asString("");
    if (detail.isBlank()) {
      detail = problem.path("title").asString("");
    }
    if (detail.isBlank()) {
      detail = raw == null || raw.isBlank() ? "" : firstLine(raw);
    }
    String field = problem.path("field").asString("");
    String message =
        "HTTP "
            + status
            + (detail.isBlank() ? "" : ": " + detail)
            + (field.isBlank() ? "" : " (field: " + field + ")");
    return new ApiFailure(ExitCode.ofStatus(status), message, hint(status, field));
  }

  /** What to set after a 401 or 403, in one line; null when there is nothing to add. */
  static String hint(int status, String field) {
    if (status == 401) {
      return "set INCIDENT_API_KEY (or --api-key) to your API key, or INCIDENT_API_TOKEN (or"
          + " --token) to an OIDC token; ./run prints the local admin key's export line";
    }
    if (status == 403 && (field.equals("by") || field.equals("approver"))) {
      return "--as (or INCIDENTCTL_USER) names somebody other than your credential; leave it out";
    }
    if (status == 403) {
      return "your credential lacks the role for this; ask an admin";
    }
    if (status == 501) {
      return "this server cannot do it; see the README's troubleshooting";
    }
    return null;
  }

  private static String firstLine(String raw) {
    String line = raw.strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
