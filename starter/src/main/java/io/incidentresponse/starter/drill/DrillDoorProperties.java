package io.incidentresponse.starter.drill;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the starter marks a drill's incidents, under {@code incident.drills.marking.*}.
 *
 * @param lookupDeadline how long an alert waits to learn whether its service is being drilled (and
 *     whether its incident is already open); past it the incident opens as a real one
 * @param notifyLeadership whether a drill's P0/P1 incident tells leadership and stakeholders as a
 *     real one does; off by default, so a game day does not alarm them
 */
@ConfigurationProperties("incident.drills.marking")
public record DrillDoorProperties(
    @DefaultValue("1s") Duration lookupDeadline, @DefaultValue("false") boolean notifyLeadership) {

  public DrillDoorProperties {
    if (lookupDeadline.compareTo(Duration.ofMillis(50)) < 0) {
      throw new IllegalArgumentException(
          "incident.drills.marking.lookup-deadline must be at least 50ms");
    }
  }
}
