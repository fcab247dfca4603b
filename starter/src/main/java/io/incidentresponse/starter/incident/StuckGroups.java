package io.incidentresponse.starter.incident;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.workflows.intake.AlertGroup;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The groups of queued deliveries that Temporal has not accepted for longer than {@code
 * incident.ingestion.intake-stuck-after}. They are still retried without end (the delivery was
 * answered 202); this makes them visible: the gauge {@code incident.intake.stuck} counts the ones
 * this starter is retrying, and each is named in a WARN (incident key, intake, since when, the last
 * failure) at most once per {@code incident.ingestion.intake-stuck-warning-every}. A group that a
 * retry has not reported again within {@link #FORGOTTEN_AFTER} (another starter took its intake
 * over, or the intake was terminated) stops counting here, and so does one whose intake Temporal
 * says another starter is running or has ended ({@link IntakeOwnership}, as soon as it checks).
 */
@Component
public class StuckGroups {
  private static final Logger log = LoggerFactory.getLogger(StuckGroups.class);

  /** The intake activity's start-to-close timeout: a retrying group is reported within it. */
  static final Duration FORGOTTEN_AFTER = Duration.ofMinutes(10);

  private final Duration stuckAfter;
  private final Duration warnEvery;
  private final Clock clock;

  /** Stuck group (intake id and index) to when it was last named in a WARN. */
  private final Cache<String, Instant> warned;

  @Autowired
  public StuckGroups(IncidentProperties properties, MeterRegistry meters, Clock clock) {
    this(properties.ingestion(), meters, clock, Ticker.systemTicker());
  }

  StuckGroups(
      IncidentProperties.Ingestion settings, MeterRegistry meters, Clock clock, Ticker ticker) {
    this.stuckAfter = settings.intakeStuckAfter();
    this.warnEvery = settings.intakeStuckWarningEvery();
    this.clock = clock;
    this.warned = Caffeine.newBuilder().expireAfterWrite(FORGOTTEN_AFTER).ticker(ticker).build();
    Gauge.builder("incident.intake.stuck", this, StuckGroups::count)
        .description("groups of queued deliveries Temporal has not accepted for a while, retried")
        .register(meters);
  }

  /**
   * Group {@code index} of the intake {@code intakeId} failed again; it has been failing since
   * {@code since}.
   *
   * @return whether it is stuck
   */
  boolean failed(
      String intakeId, int index, AlertGroup group, Instant since, int attempt, Throwable reason) {
    Instant now = clock.instant();
    if (Duration.between(since, now).compareTo(stuckAfter) < 0) {
      return false;
    }
    String id = intakeId + "#" + index;
    Instant last = warned.getIfPresent(id);
    if (last != null && now.isBefore(last.plus(warnEvery))) {
      warned.put(id, last); // still retried here: keeps counting
      return true;
    }
    warned.put(id, now);
    log.warn(
        "intake {}: the alerts for incident {} ({} alerts, group {}) have not been accepted by"
            + " Temporal since {} (attempt {}); still retried: {}",
        intakeId,
        group.key(),
        group.alerts().size(),
        index,
        since,
        attempt,
        reason.toString());
    return true;
  }

  /** Group {@code index} of {@code intakeId} was delivered, or dropped for good. */
  void settled(String intakeId, int index) {
    warned.invalidate(intakeId + "#" + index);
  }

  /** The intakes of the groups counted here. */
  Set<String> intakes() {
    return warned.asMap().keySet().stream()
        .map(id -> id.substring(0, id.lastIndexOf('#')))
        .collect(Collectors.toSet());
  }

  /** Another starter runs intake {@code intakeId} now, or it ended: its groups stop counting. */
  void notOurs(String intakeId) {
    warned.asMap().keySet().removeIf(id -> id.startsWith(intakeId + "#"));
  }

  /** How many groups this starter is retrying past the stuck time. */
  public long count() {
    warned.cleanUp();
    return warned.estimatedSize();
  }
}
