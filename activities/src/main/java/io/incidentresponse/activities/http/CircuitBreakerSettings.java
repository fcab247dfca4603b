package io.incidentresponse.activities.http;

/**
 * Where the services' circuit-breaker admin endpoints are.
 *
 * @param urlTemplate URL with {@code {service}}, {@code {namespace}} and {@code {breaker}}
 *     placeholders, e.g. {@code
 *     http://{service}.{namespace}.svc:8081/admin/circuit-breakers/{breaker}}; it answers GET with
 *     {@code {"state":"closed"}} and takes PUT {@code {"state":"open"}}; the integration is
 *     configured when it is not blank
 * @param token bearer token for the admin endpoint; may be empty; never printed
 */
public record CircuitBreakerSettings(String urlTemplate, String token) {

  public boolean configured() {
    return urlTemplate != null && !urlTemplate.isBlank();
  }

  /** Never prints the token. */
  @Override
  public String toString() {
    return "CircuitBreakerSettings[urlTemplate="
        + urlTemplate
        + ", token="
        + (token == null || token.isBlank() ? "(none)" : "(set)")
        + "]";
  }
}
