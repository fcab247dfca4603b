package io.incidentresponse.demo;

import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.random.RandomGenerator;

/**
 * Entry point: {@code java -jar demo-service.jar}, configured by environment variables (see {@link
 * DemoSettings}). Runs until stopped (SIGTERM or Ctrl-C).
 */
public final class DemoService {
  private DemoService() {}

  public static void main(String[] args) throws Exception {
    DemoSettings settings = DemoSettings.fromEnvironment(System.getenv());
    CheckoutServer server = CheckoutServer.start(settings, RandomGenerator.getDefault());
    LoadGenerator load =
        settings.loadRps() > 0
            ? LoadGenerator.start(
                URI.create("http://127.0.0.1:" + server.port() + "/checkout"), settings.loadRps())
            : null;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (load != null) {
                    load.close();
                  }
                  server.close();
                  stopped.countDown();
                }));
    System.out.println(
        "demo checkout service listening on port " + server.port() + " with " + settings);
    stopped.await();
  }
}
