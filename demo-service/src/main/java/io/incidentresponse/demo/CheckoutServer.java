package io.incidentresponse.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo "checkout" service over the JDK's HTTP server.
 *
 * <ul>
 *   <li>{@code GET /checkout}: 500 with probability {@link FailureRate} (a failing call to the
 *       dependency guarded by the first breaker), else 200; each answer takes a random time between
 *       the configured bounds. With that breaker open the dependency is skipped: 200, degraded.
 *   <li>{@code GET /metrics}: Prometheus text format.
 *   <li>{@code GET /health}: 200 {@code {"status":"UP"}} while the process serves.
 *   <li>{@code GET|POST /admin/failure-rate}: reads or sets the rate, {@code {"rate":0.3}} or
 *       {@code ?rate=0.3}.
 *   <li>{@code GET|PUT /admin/circuit-breakers/{name}}: {@code {"state":"closed"}}; PUT {@code
 *       {"state":"open"}} (the shape CircuitBreakerMitigator reads and writes); {@code GET
 *       /admin/circuit-breakers} lists them all.
 * </ul>
 *
 * Admin endpoints need {@code Authorization: Bearer <ADMIN_TOKEN>} when a token is set.
 */
public final class CheckoutServer implements AutoCloseable {
  private static final Pattern JSON_NUMBER =
      Pattern.compile("\"rate\"\\s*:\\s*(-?[0-9][0-9.eE+-]*)");
  private static final Pattern JSON_STATE = Pattern.compile("\"state\"\\s*:\\s*\"([^\"]*)\"");
  private static final String BREAKERS_PATH = "/admin/circuit-breakers";
  private static final int MAX_BODY = 4096;

  private final DemoSettings settings;
  private final FailureRate failureRate;
  private final CircuitBreakers breakers;
  private final CheckoutMetrics metrics = new CheckoutMetrics();
  private final RandomGenerator random;
  private final HttpServer server;
  private final ExecutorService executor;

  private CheckoutServer(DemoSettings settings, RandomGenerator random) throws IOException {
    this.settings = settings;
    this.random = random;
    this.failureRate = new FailureRate(settings.failureRate());
    this.breakers = new CircuitBreakers(settings.breakers());
    this.server = HttpServer.create(new InetSocketAddress(settings.port()), 128);
    // answers sleep for their latency: enough threads that the load generator never queues
    this.executor = Executors.newFixedThreadPool(64);
    server.setExecutor(executor);
    server.createContext("/checkout", exchange -> handle(exchange, this::checkout));
    server.createContext("/metrics", exchange -> handle(exchange, this::metrics));
    server.createContext("/health", exchange -> handle(exchange, this::health));
    server.createContext("/admin/failure-rate", exchange -> handle(exchange, this::failureRate));
    server.createContext(BREAKERS_PATH, exchange -> handle(exchange, this::breaker));
  }

  /** Starts the server on the settings' port (0: a free one). */
  public static CheckoutServer start(DemoSettings settings, RandomGenerator random)
      throws IOException {
    CheckoutServer checkout = new CheckoutServer(settings, random);
    checkout.server.start();
    return checkout;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public double failureRate() {
    return failureRate.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private interface Handler {
    Response handle(HttpExchange exchange) throws IOException;
  }

  private record Response(int status, String contentType, byte[] body) {
    static Response json(int status, String json) {
      return new Response(
          status, "application/json", (json + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static Response error(int status, String message) {
      return json(status, "{\"error\":\"" + message.replace("\"", "'") + "\"}");
    }
  }

  private void handle(HttpExchange exchange, Handler handler) throws IOException {
    try (exchange) {
      Response response;
      try {
        response = handler.handle(exchange);
      } catch (IllegalArgumentException e) {
        response = Response.error(400, e.getMessage());
      } catch (NoSuchElementException e) {
        response = Response.error(404, e.getMessage());
      } catch (RuntimeException e) {
        response = Response.error(500, "internal error");
      }
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
      exchange.sendResponseHeaders(response.status(), response.body().length);
      exchange.getResponseBody().write(response.body());
    }
  }

  private Response checkout(HttpExchange exchange) {
    if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("POST")) {
      return Response.error(405, "use GET or POST");
    }
    long started = System.nanoTime();
    String dependency = settings.breakers().get(0);
    boolean degraded = breakers.isOpen(dependency);
    boolean fails = !degraded && random.nextDouble() < failureRate.get();
    sleep(latency());
    int status = fails ? 500 : 200;
    metrics.record(status, (System.nanoTime() - started) / 1e9);
    if (fails) {
      return Response.error(500, dependency + " failed");
    }
    return Response.json(
        200, "{\"status\":\"accepted\"" + (degraded ? ",\"degraded\":true" : "") + "}");
  }

  private Response metrics(HttpExchange exchange) throws IOException {
    if (!exchange.getRequestMethod().equals("GET")) {
      return Response.error(405, "use GET");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    metrics.write(out);
    return new Response(200, CheckoutMetrics.CONTENT_TYPE, out.toByteArray());
  }

  private Response health(HttpExchange exchange) {
    return Response.json(200, "{\"status\":\"UP\"}");
  }

  private Response failureRate(HttpExchange exchange) throws IOException {
    Optional<Response> refused = authorize(exchange);
    if (refused.isPresent()) {
      return refused.get();
    }
    String method = exchange.getRequestMethod();
    if (method.equals("POST") || method.equals("PUT")) {
      String value = query(exchange.getRequestURI()).get("rate");
      if (value == null) {
        Matcher matcher = JSON_NUMBER.matcher(body(exchange));
        if (!matcher.find()) {
          throw new IllegalArgumentException("give the rate as {\"rate\":0.3} or ?rate=0.3");
        }
        value = matcher.group(1);
      }
      try {
        failureRate.set(Double.parseDouble(value));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("rate must be a number, was '" + value + "'");
      }
    } else if (!method.equals("GET")) {
      return Response.error(405, "use GET or POST");
    }
    return Response.json(200, "{\"rate\":" + failureRate.get() + "}");
  }

  private Response breaker(HttpExchange exchange) throws IOException {
    Optional<Response> refused = authorize(exchange);
    if (refused.isPresent()) {
      return refused.get();
    }
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    if (path.equals(BREAKERS_PATH) || path.equals(BREAKERS_PATH + "/")) {
      if (!method.equals("GET")) {
        return Response.error(405, "use GET");
      }
      StringBuilder json = new StringBuilder("{");
      breakers
          .all()
          .forEach(
              (name, state) ->
                  json.append(json.length() > 1 ? "," : "")
                      .append('"')
                      .append(name)
                      .append("\":{\"state\":\"")
                      .append(state)
                      .append("\"}"));
      return Response.json(200, json.append('}').toString());
    }
    String name = path.substring(BREAKERS_PATH.length() + 1);
    if (method.equals("PUT") || method.equals("POST")) {
      Matcher matcher = JSON_STATE.matcher(body(exchange));
      if (!matcher.find()) {
        throw new IllegalArgumentException("give the state as {\"state\":\"open\"}");
      }
      return stateOf(breakers.set(name, matcher.group(1)));
    }
    if (!method.equals("GET")) {
      return Response.error(405, "use GET or PUT");
    }
    return stateOf(
        breakers
            .state(name)
            .orElseThrow(() -> new NoSuchElementException("no circuit breaker named " + name)));
  }

  private static Response stateOf(String state) {
    return Response.json(200, "{\"state\":\"" + state + "\"}");
  }

  /**
   * A 401 when an admin token is set and the request does not carry it; compared in constant time.
   */
  private Optional<Response> authorize(HttpExchange exchange) {
    if (settings.adminToken().isEmpty()) {
      return Optional.empty();
    }
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    String expected = "Bearer " + settings.adminToken();
    boolean valid =
        header != null
            && MessageDigest.isEqual(
                header.strip().getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    return valid ? Optional.empty() : Optional.of(Response.error(401, "missing or wrong token"));
  }

  private Duration latency() {
    long min = settings.minLatency().toNanos();
    long max = settings.maxLatency().toNanos();
    return Duration.ofNanos(max == min ? min : random.nextLong(min, max + 1));
  }

  private static void sleep(Duration duration) {
    if (duration.isZero()) {
      return;
    }
    try {
      Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        throw new IllegalArgumentException("body over " + MAX_BODY + " bytes");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static Map<String, String> query(URI uri) {
    String raw = uri.getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return Map.of();
    }
    java.util.LinkedHashMap<String, String> params = new java.util.LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.putIfAbsent(
          URLDecoder.decode(key, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
  }
}
