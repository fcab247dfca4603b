package io.incidentresponse.bench.raw;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** See {@link RawActivities}. */
public class RawActivitiesImpl implements RawActivities {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Override
  public void step(RawStep step) {
    try {
      if (step.millis() > 0) {
        Thread.sleep(step.millis());
      }
      if (step.notifyUrl() != null) {
        HttpResponse<Void> answer =
            http.send(
                HttpRequest.newBuilder(URI.create(step.notifyUrl()))
                    .timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() >= 300) {
          throw new IllegalStateException(step.notifyUrl() + " answered " + answer.statusCode());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not reach " + step.notifyUrl(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
