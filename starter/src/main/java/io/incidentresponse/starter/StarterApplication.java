package io.incidentresponse.starter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The front door: alert webhooks and the SRE REST API, which start, signal and query incident
 * workflows. It runs no workers.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StarterApplication {
  public static void main(String[] args) {
    SpringApplication.run(StarterApplication.class, args);
  }
}
