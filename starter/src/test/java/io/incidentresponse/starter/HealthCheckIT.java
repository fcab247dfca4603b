package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The health check through the REST API: a real HealthCheck workflow on the test server, each
 * service's checks stood in by name ({@code down-*}, {@code unknown-*}, else healthy).
 */
class HealthCheckIT extends StarterIT {
  private static final String PATH = "/api/health-checks";

  private JsonNode ok(String body) {
    HttpResponse<String> response = http.post(PATH, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private void refused(String body, int status, String field) {
    JsonNode problem = problem(http.post(PATH, body), status);
    if (field != null) {
      assertThat(problem.path("field").asString()).isEqualTo(field);
    }
  }

  @Test
  void healthCheck_ofNamedServices_reportsEachWithTheWorstOverall() {
    JsonNode answer = ok("{\"services\":[\"shop-api\",\"down-cart\",\"unknown-search\"]}");

    assertThat(answer.get("healthCheckId").asString()).startsWith("health-check-");
    JsonNode report = answer.get("report");
    assertThat(report.get("status").asString()).isEqualTo("UNHEALTHY");
    JsonNode services = report.get("services");
    assertThat(services).hasSize(3);
    assertThat(services.get(0).get("status").asString()).isEqualTo("HEALTHY");
    assertThat(services.get(1).get("status").asString()).isEqualTo("UNHEALTHY");
    assertThat(services.get(1).get("findings").get(1).get("detail").asString()).isEqualTo("0 < 1");
    assertThat(services.get(2).get("status").asString()).isEqualTo("UNKNOWN");
    assertThat(report.get("incidents")).isEmpty();
  }

  @Test
  void healthCheck_givenNoServiceNamedAndNoneConfigured_is422NamingServices() {
    refused("{}", 422, "services");
  }

  @Test
  void healthCheck_givenAMisspeltField_is422NamingIt() {
    refused("{\"servcies\":[\"checkout\"]}", 422, "servcies");
  }

  @Test
  void healthCheck_givenServicesNotAList_is422NamingServices() {
    refused("{\"services\":\"checkout\"}", 422, "services");
  }

  @Test
  void healthCheck_givenABadServiceName_is422NamingServices() {
    refused("{\"services\":[\"checkout; rm -rf /\"]}", 422, "services");
    refused("{\"services\":[\" \"]}", 422, "services");
  }

  @Test
  void healthCheck_givenTooManyServices_is422() {
    StringBuilder many = new StringBuilder("{\"services\":[");
    for (int i = 0; i < 51; i++) {
      many.append(i == 0 ? "" : ",").append("\"s").append(i).append('"');
    }
    refused(many.append("]}").toString(), 422, "services");
  }

  @Test
  void healthCheck_givenMalformedJson_is400() {
    refused("{\"services\":[", 400, null);
  }
}
