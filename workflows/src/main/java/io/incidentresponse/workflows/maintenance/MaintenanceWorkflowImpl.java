package io.incidentresponse.workflows.maintenance;

import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.failures.Failures;
import io.incidentresponse.workflows.incident.TimelineEntry;
import io.incidentresponse.workflows.maintenance.MaintenanceState.Status;
import io.incidentresponse.workflows.mitigation.ActionParameters;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.MitigationActivities;
import io.incidentresponse.workflows.mitigation.MitigationRequest;
import io.incidentresponse.workflows.mitigation.MitigationResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A maintenance window: silence, announce it on the status page and switch the traffic to a
 * maintenance backend when asked, wait for the deadline (moved by {@code extend}, cut short by
 * {@code end}), then undo all of it. The ending runs in a detached scope, so a cancelled
 * maintenance undoes everything too; and the silence itself ends at the deadline in Alertmanager,
 * so even a silence that could not be expired outlives the maintenance by nothing. The traffic
 * switch is the incident's guarded REDIRECT_TRAFFIC (allow-list, ready pods behind the new
 * selector, dry run); asking for the maintenance (a commander) is its approval.
 */
public class MaintenanceWorkflowImpl implements MaintenanceWorkflow {
  /** Timeline entries kept: the first one and the latest. */
  static final int TIMELINE_LIMIT = 200;

  private static final int NAMES_SHOWN = 5;

  /** Action ids of the traffic switch, within the maintenance (idempotency keys). */
  private static final String SWITCH = "maintenance-backend";

  private static final String SWITCH_BACK = "maintenance-backend-off";

  /**
   * Alertmanager and the status page: retried for ten minutes; what is not configured or refused as
   * bad is final.
   */
  private static final ActivityOptions OUTSIDE_CALL =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(Duration.ofMinutes(10))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(2))
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .setDoNotRetry(FailureType.NOT_CONFIGURED.type(), FailureType.BAD_REQUEST.type())
                  .build())
          .build();

  private final MaintenanceActivities alertmanager =
      Workflow.newActivityStub(MaintenanceActivities.class, OUTSIDE_CALL);

  private final MaintenanceNoticeActivities statusPage =
      Workflow.newActivityStub(MaintenanceNoticeActivities.class, OUTSIDE_CALL);

  private final MitigationActivities traffic =
      Workflow.newActivityStub(MitigationActivities.class, MitigationActivities.RUN_OPTIONS);

  private MaintenanceState s = new MaintenanceState();
  private EndMaintenanceRequest endRequest;
  private ExtendMaintenanceRequest extendRequest;

  @Override
  public MaintenanceState run(MaintenanceRequest request) {
    if (request.resumed() != null) {
      s = request.resumed();
    } else {
      start(request);
    }
    try {
      if (request.resumed() == null) {
        silenceAlerts();
        // a maintenance from before the options (its stored history) makes none of these calls;
        // side by side, so a slow status page does not keep users off the maintenance backend
        List<Promise<Void>> besides = new ArrayList<>();
        if (s.options != null && s.options.announce()) {
          besides.add(Async.procedure(this::announce));
        }
        if (s.options != null && s.options.switchesTraffic()) {
          besides.add(Async.procedure(this::switchTraffic));
        }
        Promise.allOf(besides).get();
      }
      while (endRequest == null) {
        if (extendRequest != null) {
          extend(request);
        }
        Duration left = Duration.between(now(), s.endsAt);
        if (left.isNegative() || left.isZero()) {
          break;
        }
        // held alerts grow the history: a storm during a long maintenance continues as new
        Workflow.await(
            left,
            () ->
                endRequest != null
                    || extendRequest != null
                    || Workflow.getInfo().isContinueAsNewSuggested());
        if (Workflow.getInfo().isContinueAsNewSuggested()
            && endRequest == null
            && extendRequest == null) {
          Workflow.await(Workflow::isEveryHandlerFinished);
          Workflow.continueAsNew(
              new MaintenanceRequest(
                  request.service(),
                  request.duration(),
                  request.reason(),
                  request.by(),
                  request.options(),
                  s));
        }
      }
    } finally {
      // also when the workflow is cancelled: the silence never outlives the maintenance
      Workflow.newDetachedCancellationScope(this::finish).run();
    }
    return s;
  }

  private void start(MaintenanceRequest request) {
    if (request.service() == null
        || request.service().isBlank()
        || request.duration() == null
        || request.duration().isNegative()
        || request.duration().isZero()
        || request.duration().compareTo(LONGEST) > 0) {
      throw ApplicationFailure.newNonRetryableFailure(
          "a maintenance needs a service and a duration of at most " + LONGEST.toDays() + " days",
          FailureType.BAD_REQUEST.type());
    }
    if (request.options() != null
        && request.options().switchesTraffic()
        && (ALL.equals(request.service()) || request.options().namespace() == null)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "traffic goes to a maintenance backend for one service in a named namespace, not for "
              + (ALL.equals(request.service()) ? "every service" : "no namespace"),
          FailureType.BAD_REQUEST.type());
    }
    s.options = request.options();
    s.maintenanceId = Workflow.getInfo().getWorkflowId();
    s.service = request.service();
    s.reason = request.reason();
    s.startedBy = request.by() == null ? TimelineEntry.SYSTEM : request.by();
    s.startedAt = now();
    s.endsAt = s.startedAt.plus(request.duration());
    record(
        s.startedBy,
        "Maintenance of " + scope() + " started, until " + s.endsAt,
        request.reason() == null ? "" : request.reason());
  }

  private void silenceAlerts() {
    try {
      s.silenceId = alertmanager.silence(silence());
      record(TimelineEntry.SYSTEM, "Alertmanager silence " + s.silenceId, "Until " + s.endsAt);
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      s.silenceProblem = Failures.describe(e);
      record(
          TimelineEntry.SYSTEM,
          "No Alertmanager silence: " + s.silenceProblem,
          "Alerts still reach the door, which holds them for " + scope());
    }
  }

  private void extend(MaintenanceRequest request) {
    ExtendMaintenanceRequest asked = extendRequest;
    extendRequest = null;
    Instant limit = s.startedAt.plus(LONGEST);
    Instant wanted = now().plus(asked.duration());
    Instant endsAt = wanted.isAfter(limit) ? limit : wanted;
    String by = asked.by() == null ? "unknown" : asked.by();
    s.endsAt = endsAt;
    record(
        by,
        "Maintenance extended until " + endsAt + (wanted.isAfter(limit) ? " (the longest)" : ""),
        asked.reason() == null ? "" : asked.reason());
    if (s.statusPage != null) {
      try {
        statusPage.rescheduleMaintenance(notice());
        record(TimelineEntry.SYSTEM, "Status page maintenance moved", "Until " + s.endsAt);
      } catch (ActivityFailure e) {
        Failures.rethrowIfCanceled(e);
        record(
            TimelineEntry.SYSTEM,
            "Status page maintenance not moved: " + Failures.describe(e),
            "The page shows the old end; it is completed when the maintenance ends");
      }
    }
    if (s.silenceId == null) {
      return;
    }
    try {
      s.silenceId = alertmanager.extendSilence(s.silenceId, silence());
      record(TimelineEntry.SYSTEM, "Alertmanager silence " + s.silenceId, "Until " + s.endsAt);
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      record(
          TimelineEntry.SYSTEM,
          "Silence " + s.silenceId + " not extended: " + Failures.describe(e),
          "It ends at the old deadline; the door still holds alerts until " + s.endsAt);
    }
  }

  private void finish() {
    s.status = Status.ENDED;
    s.endedAt = now();
    if (endRequest != null) {
      s.endedBy = endRequest.by() == null ? "unknown" : endRequest.by();
      record(
          s.endedBy,
          "Maintenance of " + scope() + " ended",
          endRequest.reason() == null ? "" : endRequest.reason());
    } else if (!s.endsAt.isAfter(s.endedAt)) {
      s.endedBy = TimelineEntry.SYSTEM;
      record(TimelineEntry.SYSTEM, "Maintenance of " + scope() + " reached its deadline", "");
    } else {
      s.endedBy = TimelineEntry.SYSTEM;
      record(TimelineEntry.SYSTEM, "Maintenance of " + scope() + " cancelled", "");
    }
    Promise<Void> trafficBack =
        s.options != null && s.options.switchesTraffic()
            ? Async.procedure(this::switchTrafficBack)
            : Workflow.newPromise(null);
    Promise<Void> pageCompleted =
        s.options != null && s.options.announce()
            ? Async.procedure(this::completeAnnouncement)
            : Workflow.newPromise(null);
    if (s.silenceId == null && s.silenceProblem == null) {
      // cancelled while the silence was being made: find it (the call is idempotent) to expire it
      try {
        s.silenceId = alertmanager.silence(silence());
      } catch (ActivityFailure e) {
        s.silenceProblem = Failures.describe(e);
      }
    }
    if (s.silenceId != null) {
      try {
        alertmanager.expireSilence(s.silenceId);
        record(TimelineEntry.SYSTEM, "Silence " + s.silenceId + " expired", "Alerts flow again");
      } catch (ActivityFailure e) {
        record(
            TimelineEntry.SYSTEM,
            "Silence " + s.silenceId + " not expired: " + Failures.describe(e),
            "Alertmanager ends it at " + s.endsAt + " by itself");
      }
    }
    Promise.allOf(trafficBack, pageCompleted).get();
  }

  private void announce() {
    try {
      s.statusPage = statusPage.announceMaintenance(notice());
      record(
          TimelineEntry.SYSTEM,
          "Status page: scheduled maintenance in progress"
              + (s.options.components().isEmpty() ? "" : " for " + s.options.components()),
          s.statusPage.url() == null ? "Until " + s.endsAt : s.statusPage.url());
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      s.statusPageProblem = Failures.describe(e);
      record(
          TimelineEntry.SYSTEM,
          "Not on the status page: " + s.statusPageProblem,
          "Tell users another way");
    }
  }

  private void completeAnnouncement() {
    if (s.statusPage == null && s.statusPageProblem == null) {
      // cancelled while announcing: find it (the call is idempotent) to complete it
      try {
        s.statusPage = statusPage.announceMaintenance(notice());
      } catch (ActivityFailure e) {
        s.statusPageProblem = Failures.describe(e);
      }
    }
    if (s.statusPage == null) {
      return;
    }
    try {
      statusPage.completeMaintenance(notice());
      record(TimelineEntry.SYSTEM, "Status page maintenance completed", "");
    } catch (ActivityFailure e) {
      record(
          TimelineEntry.SYSTEM,
          "Status page maintenance not completed: " + Failures.describe(e),
          "Complete it on the status page by hand");
    }
  }

  /** Points the service's Kubernetes Service at the maintenance backend. */
  private void switchTraffic() {
    try {
      MitigationResult result =
          traffic.runMitigation(redirect(SWITCH, s.options.backendSelector()));
      s.ownSelector = result.before().get(ActionParameters.SELECTOR);
      record(TimelineEntry.SYSTEM, result.summary(), "Switched back when the maintenance ends");
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      s.trafficProblem = Failures.describe(e);
      record(
          TimelineEntry.SYSTEM,
          "Traffic not switched to the maintenance backend: " + s.trafficProblem,
          "Users reach " + s.service + " itself");
    }
  }

  private void switchTrafficBack() {
    if (s.ownSelector == null && s.trafficProblem == null) {
      // cancelled while switching: the run is idempotent, so this finds out what it did
      try {
        MitigationResult result =
            traffic.runMitigation(redirect(SWITCH, s.options.backendSelector()));
        s.ownSelector = result.before().get(ActionParameters.SELECTOR);
      } catch (ActivityFailure e) {
        s.trafficProblem = Failures.describe(e);
      }
    }
    if (s.ownSelector == null) {
      return;
    }
    try {
      MitigationResult result = traffic.runMitigation(redirect(SWITCH_BACK, s.ownSelector));
      record(TimelineEntry.SYSTEM, result.summary(), "Users reach " + s.service + " again");
    } catch (ActivityFailure e) {
      s.trafficProblem = Failures.describe(e);
      record(
          TimelineEntry.SYSTEM,
          "Traffic NOT switched back from the maintenance backend: " + s.trafficProblem,
          "Point service "
              + s.options.namespace()
              + "/"
              + s.service
              + " back at selector "
              + s.ownSelector
              + " by hand");
    }
  }

  private MitigationRequest redirect(String actionId, String selector) {
    ActionProposal proposal =
        new ActionProposal(
            ActionType.REDIRECT_TRAFFIC,
            s.options.namespace(),
            s.service,
            Map.of(ActionParameters.SELECTOR, selector),
            null,
            "Maintenance " + s.maintenanceId);
    return new MitigationRequest(
        s.maintenanceId,
        actionId,
        proposal,
        s.startedBy,
        s.options.dryRun(),
        SWITCH_BACK.equals(actionId) ? 1 : 0);
  }

  private MaintenanceNotice notice() {
    return new MaintenanceNotice(
        s.maintenanceId,
        s.service,
        s.options.components(),
        "Scheduled maintenance: " + scope(),
        s.reason == null || s.reason.isBlank()
            ? "We are performing scheduled maintenance on " + scope() + "."
            : "We are performing scheduled maintenance on " + scope() + ": " + s.reason,
        s.startedAt,
        s.endsAt,
        s.statusPage);
  }

  @Override
  public void end(EndMaintenanceRequest request) {
    if (endRequest == null && s.status == Status.ACTIVE) {
      endRequest = request == null ? new EndMaintenanceRequest(null, null) : request;
    }
  }

  @Override
  public void extend(ExtendMaintenanceRequest request) {
    if (request == null
        || request.duration() == null
        || request.duration().isNegative()
        || request.duration().isZero()) {
      record(
          request == null || request.by() == null ? "unknown" : request.by(),
          "Extension ignored: it needs a positive duration, e.g. \"PT1H\"",
          "");
      return;
    }
    if (s.status == Status.ACTIVE && endRequest == null) {
      extendRequest = request;
    }
  }

  @Override
  public boolean holdAlerts(HeldAlerts held) {
    // an update that came with the start is handled before the workflow method has set the state
    Workflow.await(() -> s.endsAt != null);
    if (s.status != Status.ACTIVE || endRequest != null || !now().isBefore(s.endsAt)) {
      return false;
    }
    s.alertsHeld += Math.max(held.count(), 0);
    List<String> names = held.alertnames() == null ? List.of() : held.alertnames();
    String shown = String.join(", ", names.subList(0, Math.min(names.size(), NAMES_SHOWN)));
    record(
        TimelineEntry.SYSTEM,
        "Held "
            + held.count()
            + " alert(s) from "
            + held.source()
            + (shown.isEmpty() ? "" : ": " + shown)
            + (names.size() > NAMES_SHOWN ? " and " + (names.size() - NAMES_SHOWN) + " more" : ""),
        "No incident: " + scope() + " is under maintenance");
    return true;
  }

  @Override
  public MaintenanceState state() {
    return s;
  }

  private SilenceRequest silence() {
    return new SilenceRequest(
        s.maintenanceId,
        s.service,
        s.startedAt,
        s.endsAt,
        s.startedBy,
        "Maintenance " + s.maintenanceId + (s.reason == null ? "" : ": " + s.reason));
  }

  private String scope() {
    return ALL.equals(s.service) ? "every service" : s.service;
  }

  private void record(String actor, String event, String action) {
    s.timeline.add(new TimelineEntry(now(), actor, event, action));
    while (s.timeline.size() > TIMELINE_LIMIT) {
      s.timeline.remove(1);
    }
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
