package io.incidentresponse.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Hosts the incident and postmortem workflows (and, as they are built, their activities) on the
 * {@code incident-response} task queue. Workers are declared in {@code application.yaml} under
 * {@code spring.temporal.workers}, the temporal-spring-boot-starter's own keys.
 */
@SpringBootApplication
public class WorkerApplication {
  public static void main(String[] args) {
    SpringApplication.run(WorkerApplication.class, args);
  }
}
