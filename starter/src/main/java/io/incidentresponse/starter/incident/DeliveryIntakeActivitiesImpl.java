package io.incidentresponse.starter.incident;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.incident.IncidentGateway.Delivery;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.intake.AlertGroup;
import io.incidentresponse.workflows.intake.DeliveryIntakeActivities;
import io.incidentresponse.workflows.intake.DeliveryIntakeInput;
import io.incidentresponse.workflows.intake.GroupOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.converter.DataConverterException;
import io.temporal.failure.ApplicationFailure;
import jakarta.annotation.PreDestroy;
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
 * Progress (what became of each group) is heartbeated while the groups go out; a retried attempt
 * delivers only the groups the previous one did not.
 */
@Component("deliveryIntakeActivities")
public class DeliveryIntakeActivitiesImpl implements DeliveryIntakeActivities {
  private static final Logger log = LoggerFactory.getLogger(DeliveryIntakeActivitiesImpl.class);
  private static final long HEARTBEAT_EVERY_MS = 2_000;

  /**
   * The attempt after which a group that fails for another reason than Temporal being unavailable
   * is given up (about 20 s of retries).
   */
  static final int LAST_ATTEMPT = 5;

  private final GroupDelivery groups;
  private final MeterRegistry meters;
  private final ExecutorService senders;

  public DeliveryIntakeActivitiesImpl(
      GroupDelivery groups, MeterRegistry meters, IncidentProperties properties) {
    this.groups = groups;
    this.meters = meters;
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

  /** What became of each group so far, in order; null where a group is still to be delivered. */
  public record Progress(List<GroupOutcome> outcomes) {}

  @Override
  public List<GroupOutcome> deliverGroups(DeliveryIntakeInput delivery) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    int attempt = context.getInfo().getAttempt();
    if (attempt > 1) {
      meters.counter("incident.intake.retries").increment();
    }
    List<AlertGroup> all = delivery.groups();
    GroupOutcome[] outcomes = new GroupOutcome[all.size()];
    Optional<Progress> earlier = context.getHeartbeatDetails(Progress.class);
    earlier.ifPresent(p -> copy(p.outcomes(), outcomes));

    List<Future<GroupOutcome>> sent = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i++) {
      AlertGroup group = all.get(i);
      sent.add(
          outcomes[i] != null ? null : senders.submit(() -> deliver(group, delivery, attempt)));
    }
    RuntimeException unavailable = null;
    int notAccepted = 0;
    long lastBeat = System.nanoTime();
    try {
      for (int i = 0; i < sent.size(); i++) {
        Future<GroupOutcome> future = sent.get(i);
        while (future != null) {
          try {
            outcomes[i] = future.get(HEARTBEAT_EVERY_MS, TimeUnit.MILLISECONDS);
            future = null;
          } catch (TimeoutException stillSending) {
            context.heartbeat(progress(outcomes));
            lastBeat = System.nanoTime();
          } catch (ExecutionException failed) {
            future = null;
            if (!(failed.getCause() instanceof RuntimeException down)) {
              throw new IllegalStateException(failed.getCause());
            }
            unavailable = unavailable == null ? down : unavailable;
            notAccepted++;
          }
        }
        if (System.nanoTime() - lastBeat > TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_EVERY_MS)) {
          context.heartbeat(progress(outcomes));
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
    if (unavailable != null) {
      // the next attempt must skip what this one delivered: its heartbeat carries the outcomes
      context.heartbeat(progress(outcomes));
      log.warn(
          "intake {}: {} of {} groups not accepted by Temporal yet (attempt {}), retried later: {}",
          delivery.deliveryId(),
          notAccepted,
          all.size(),
          attempt,
          unavailable.toString());
      throw ApplicationFailure.newFailureWithCause(
          notAccepted + " of " + all.size() + " groups not accepted yet",
          FailureType.UNAVAILABLE.name(),
          unavailable);
    }
    return List.of(outcomes);
  }

  /**
   * One group; a group Temporal refuses for good (an invalid request, a value it cannot hold), or
   * that failed without an answer from Temporal in {@link #LAST_ATTEMPT} attempts (a bug that
   * retrying will not cure), is reported once as undeliverable instead of failing the rest of the
   * delivery for ever. While Temporal is unavailable, or answers with any other error, a group is
   * retried without end.
   */
  private GroupOutcome deliver(AlertGroup group, DeliveryIntakeInput delivery, int attempt) {
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
      if (!isPermanent(e) && (isUnavailable(e) || attempt < LAST_ATTEMPT)) {
        throw e;
      }
      meters.counter("incident.intake.undeliverable").increment();
      log.error(
          "intake {}: the group {} ({} alerts) cannot be delivered, dropped: {}",
          delivery.deliveryId(),
          group.key(),
          group.alerts().size(),
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

  /** Temporal unavailable, or any answer of Temporal's that is not a refusal for good. */
  private static boolean isUnavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TemporalUnavailableException || t instanceof StatusRuntimeException) {
        return true;
      }
    }
    return false;
  }

  private static boolean isPermanent(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TemporalUnavailableException) {
        return false;
      }
      if (t instanceof StatusRuntimeException grpc) {
        Status.Code code = grpc.getStatus().getCode();
        return code == Status.Code.INVALID_ARGUMENT || code == Status.Code.FAILED_PRECONDITION;
      }
      if (t instanceof DataConverterException || t instanceof IllegalArgumentException) {
        return true;
      }
    }
    return false;
  }

  private static Progress progress(GroupOutcome[] outcomes) {
    return new Progress(Arrays.asList(outcomes.clone()));
  }

  private static void copy(List<GroupOutcome> from, GroupOutcome[] to) {
    for (int i = 0; i < Math.min(from.size(), to.length); i++) {
      to[i] = from.get(i);
    }
  }

  private static void cancel(List<Future<GroupOutcome>> sent) {
    for (Future<GroupOutcome> future : sent) {
      if (future != null) {
        future.cancel(true);
      }
    }
  }
}
