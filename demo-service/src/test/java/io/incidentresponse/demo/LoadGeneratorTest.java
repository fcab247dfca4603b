package io.incidentresponse.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

  @Test
  void loadGenerator_sendsCheckouts_soTheMetricsMoveWithoutAnOutsideClient() throws Exception {
    try (CheckoutServer server =
            CheckoutServer.start(DemoSettings.forTest(0), RandomGenerator.getDefault());
        LoadGenerator load =
            LoadGenerator.start(
                URI.create("http://127.0.0.1:" + server.port() + "/checkout"), 50)) {
      // wait for answers, not for a time: the bound only stops a broken generator hanging the build
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (load.answered() < 10 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      load.close();

      String metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      double served =
          metrics
              .lines()
              .filter(line -> line.startsWith("http_requests_total{status=\"200\"}"))
              .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
              .sum();
      assertThat(load.answered()).isGreaterThanOrEqualTo(10);
      assertThat(served).isGreaterThanOrEqualTo(10);
    }
  }
}
