package io.incidentresponse.activities;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A git smart-HTTP server, as MockWebServer plays it, that refuses every credential the way GitLab
 * does (401 with a Basic challenge), and records the Authorization headers it was sent.
 */
public final class GitCredentialsRefused extends Dispatcher {
  private final List<String> authorizations = new CopyOnWriteArrayList<>();

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String authorization = request.getHeaders().get("Authorization");
    if (authorization != null) {
      authorizations.add(authorization);
    }
    return new MockResponse.Builder()
        .code(401)
        .addHeader("WWW-Authenticate", "Basic realm=\"git\"")
        .body("HTTP Basic: Access denied")
        .build();
  }

  /** The Authorization headers received, in order. */
  public List<String> authorizations() {
    return List.copyOf(authorizations);
  }
}
