package io.incidentresponse.starter.incident;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.incident.IncidentGateway.Delivery;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.intake.AlertGroup;
import io.incidentresponse.workflows.intake.DeliveryIntakeActivities;
import io.incidentresponse.workflows.intake.DeliveryIntakeInput;
import io.incidentresponse.workflows.intake.DeliveryIntakeWorkflow;
import io.incidentresponse.workflows.intake.GroupOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The intake's fan-out, run by the starter's own worker on the intake task queue: each group goes
 * to its incident through {@link GroupDelivery}, exactly as the front door delivers a small
 * delivery. Every intake of this starter shares {@code incident.ingestion.intake-parallelism}
 * threads, so a backlog drains at a bounded pace and leaves Temporal room for the front door.
 * Progress (what became of each group, and since when each undelivered one has been failing) is
 * heartbeated while the groups go out; a retried attempt delivers only the groups the previous one
 * did not.
 *
 * <p>The delivery was answered 202, so a group is never given up while it may still be delivered:
 * whatever the failure, the attempt fails and is retried with capped backoff, for days if need be,
 * and a group failing longer than {@code incident.ingestion.intake-stuck-after} is made visible
 * ({@link StuckGroups}). Only a group Temporal refuses for good (INVALID_ARGUMENT: an invalid
 * request, a payload over its limits) is dropped: counted ({@code incident.intake.undeliverable}),
 * logged at ERROR with its incident key, and named in the intake's result.
 */
@Component("deliveryIntakeActivities")
public class DeliveryIntakeActivitiesImpl implements DeliveryIntakeActivities {
  private static final Logger log = LoggerFactory.getLogger(DeliveryIntakeActivitiesImpl.class);
  private static final long HEARTBEAT_EVERY_MS = 2_000;

  private final GroupDelivery groups;
  private final MeterRegistry meters;
  private final StuckGroups stuck;
  private final Clock clock;
  private final ExecutorService senders;

  public DeliveryIntakeActivitiesImpl(
      GroupDelivery groups,
      MeterRegistry meters,
      IncidentProperties properties,
      StuckGroups stuck,
      Clock clock) {
    this.groups = groups;
    this.meters = meters;
    this.stuck = stuck;
    this.clock = clock;
    AtomicInteger count = new AtomicInteger();
    this.senders =
        Executors.newFixedThreadPool(
            properties.ingestion().intakeParallelism(),
            r -> {
              Thread thread = new Thread(r, "intake-groups-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  @PreDestroy
  void stop() {
    senders.shutdownNow();
  }

  /**
   * What became of each group so far, in order (null where a group is still to be delivered), and
   * since when each undelivered group has been failing (null where it has not failed yet). The list
   * is left out while no group fails: a starter from before it was kept fails to read a heartbeat
   * that has it (its attempt fails and is retried, by a newer starter once the upgrade is done), so
   * a rolling upgrade stalls only the intakes that are failing anyway.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Progress(List<GroupOutcome> outcomes, List<Instant> failingSince) {
    /** Copies {@code from} (null, or of another length) into {@code to}, index by index. */
    public static <T> void into(List<T> from, T[] to) {
      if (from == null) {
        return;
      }
      for (int i = 0; i < Math.min(from.size(), to.length); i++) {
        to[i] = from.get(i);
      }
    }
  }

  @Override
  public List<GroupOutcome> deliverGroups(DeliveryIntakeInput delivery) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    int attempt = context.getInfo().getAttempt();
    if (attempt > 1) {
      meters.counter("incident.intake.retries").increment();
    }
    String intakeId = context.getInfo().getWorkflowId();
    List<AlertGroup> all = delivery.groups();
    GroupOutcome[] outcomes = new GroupOutcome[all.size()];
    Instant[] failingSince = new Instant[all.size()];
    Optional<Progress> earlier = context.getHeartbeatDetails(Progress.class);
    earlier.ifPresent(p -> Progress.into(p.outcomes(), outcomes));
    earlier.ifPresent(p -> Progress.into(p.failingSince(), failingSince));

    List<Future<GroupOutcome>> sent = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i++) {
      AlertGroup group = all.get(i);
      sent.add(outcomes[i] != null ? null : senders.submit(() -> deliver(group, delivery)));
    }
    RuntimeException firstFailure = null;
    int notAccepted = 0;
    long lastBeat = System.nanoTime();
    try {
      for (int i = 0; i < sent.size(); i++) {
        Future<GroupOutcome> future = sent.get(i);
        while (future != null) {
          try {
            outcomes[i] = future.get(HEARTBEAT_EVERY_MS, TimeUnit.MILLISECONDS);
            future = null;
            failingSince[i] = null;
            stuck.settled(intakeId, i);
          } catch (TimeoutException stillSending) {
            context.heartbeat(progress(outcomes, failingSince));
            lastBeat = System.nanoTime();
          } catch (ExecutionException failed) {
            future = null;
            if (!(failed.getCause() instanceof RuntimeException down)) {
              throw new IllegalStateException(failed.getCause());
            }
            firstFailure = firstFailure == null ? down : firstFailure;
            notAccepted++;
            failingSince[i] = failingSince[i] == null ? clock.instant() : failingSince[i];
            stuck.failed(intakeId, i, all.get(i), failingSince[i], attempt, down);
          }
        }
        if (System.nanoTime() - lastBeat > TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_EVERY_MS)) {
          context.heartbeat(progress(outcomes, failingSince));
          lastBeat = System.nanoTime();
        }
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      cancel(sent);
      throw new IllegalStateException("interrupted while delivering " + delivery.deliveryId());
    } catch (RuntimeException e) {
      cancel(sent); // timed out or cancelled: the next attempt starts from the last heartbeat
      throw e;
    }
    if (firstFailure != null) {
      // the next attempt must skip what this one delivered: its heartbeat carries the outcomes
      context.heartbeat(progress(outcomes, failingSince));
      if (attempt == 1) {
        // later attempts are told of by StuckGroups once a group is stuck, not every retry
        log.warn(
            "intake {}: {} of {} groups not accepted by Temporal yet, retried: {}",
            intakeId,
            notAccepted,
            all.size(),
            firstFailure.toString());
      }
      throw ApplicationFailure.newFailureWithCause(
          notAccepted + " of " + all.size() + " groups not accepted yet",
          FailureType.UNAVAILABLE.name(),
          firstFailure);
    }
    return List.of(outcomes);
  }

  /**
   * One group; a group Temporal refuses for good (an invalid request, a value it cannot hold) is
   * reported once as undeliverable instead of failing the rest of the delivery for ever. Any other
   * failure fails the group's attempt (retried without end): a bug of this starter is cured by the
   * next version's, Temporal's overload or outage by time.
   */
  private GroupOutcome deliver(AlertGroup group, DeliveryIntakeInput delivery) {
    try {
      Delivery done =
          groups.deliver(
              group.key(),
              group.alerts(),
              delivery.deliveryId(),
              delivery.title(),
              delivery.commander());
      return new GroupOutcome(
          group.key(), done.incidentId(), done.alerts(), done.heldBy(), done.drillId(), null);
    } catch (RuntimeException e) {
      if (!refusedForGood(e)) {
        throw e;
      }
      meters.counter("incident.intake.undeliverable").increment();
      log.error(
          "intake {}: Temporal refused the {} alerts for incident {} for good, dropped: {}",
          DeliveryIntakeWorkflow.workflowId(delivery.deliveryId()),
          group.alerts().size(),
          group.key(),
          e.toString());
      return new GroupOutcome(
          group.key(),
          IncidentKeys.workflowId(group.key()),
          group.alerts().size(),
          null,
          null,
          e.toString());
    }
  }

  /**
   * Temporal's INVALID_ARGUMENT: the request itself is refused (a payload over its size limit, a
   * value it cannot hold), and sending it again changes nothing. A deadline or an overload is not.
   */
  private static boolean refusedForGood(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TemporalUnavailableException) {
        return false;
      }
      if (t instanceof StatusRuntimeException grpc) {
        return grpc.getStatus().getCode() == Status.Code.INVALID_ARGUMENT;
      }
    }
    return false;
  }

  private static Progress progress(GroupOutcome[] outcomes, Instant[] failingSince) {
    boolean failing = Arrays.stream(failingSince).anyMatch(since -> since != null);
    return new Progress(
        Arrays.asList(outcomes.clone()), failing ? Arrays.asList(failingSince.clone()) : null);
  }

  private static void cancel(List<Future<GroupOutcome>> sent) {
    for (Future<GroupOutcome> future : sent) {
      if (future != null) {
        future.cancel(true);
      }
    }
  }
}
