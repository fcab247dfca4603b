package io.incidentresponse.starter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The front door: alert webhooks and the SRE interface, which start, signal and query incident
 * workflows. It runs no workers. The webhooks and the REST API are not built yet (issue 3).
 */
@SpringBootApplication
public class StarterApplication {
  public static void main(String[] args) {
    SpringApplication.run(StarterApplication.class, args);
  }
}
