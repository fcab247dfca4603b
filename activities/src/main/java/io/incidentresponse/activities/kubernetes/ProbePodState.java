package io.incidentresponse.activities.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * One pod as the probes read it.
 *
 * @param reason what is wrong or what it is doing: a container's waiting reason ({@code
 *     CrashLoopBackOff}, {@code ImagePullBackOff}, ...), else the phase ({@code Pending}, {@code
 *     Failed}), else {@code Running} or {@code Running, not Ready}
 * @param lastTerminated the reason a container last terminated ({@code OOMKilled}, {@code Error}),
 *     or null
 * @param exitCode that termination's exit code, or null
 * @param schedulingMessage the PodScheduled condition's message when it is False, or null
 */
record ProbePodState(
    String name,
    String node,
    String phase,
    boolean ready,
    int restarts,
    String reason,
    String lastTerminated,
    Integer exitCode,
    String schedulingMessage) {

  static ProbePodState of(Pod pod) {
    PodStatus status = pod.getStatus();
    String phase = status == null || status.getPhase() == null ? "Unknown" : status.getPhase();
    boolean ready = false;
    String scheduling = null;
    if (status != null && status.getConditions() != null) {
      for (PodCondition condition : status.getConditions()) {
        if ("Ready".equals(condition.getType())) {
          ready = "True".equals(condition.getStatus());
        }
        if ("PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus())) {
          scheduling =
              condition.getMessage() != null ? condition.getMessage() : condition.getReason();
        }
      }
    }
    List<ContainerStatus> containers = new ArrayList<>();
    if (status != null && status.getInitContainerStatuses() != null) {
      containers.addAll(status.getInitContainerStatuses());
    }
    if (status != null && status.getContainerStatuses() != null) {
      containers.addAll(status.getContainerStatuses());
    }
    int restarts = 0;
    String waiting = null;
    String terminated = null;
    Integer exitCode = null;
    for (ContainerStatus container : containers) {
      restarts += container.getRestartCount() == null ? 0 : container.getRestartCount();
      if (waiting == null
          && container.getState() != null
          && container.getState().getWaiting() != null
          && container.getState().getWaiting().getReason() != null
          && !"ContainerCreating".equals(container.getState().getWaiting().getReason())
          && !"PodInitializing".equals(container.getState().getWaiting().getReason())) {
        waiting = container.getState().getWaiting().getReason();
      }
      ContainerStateTerminated last = null;
      if (container.getState() != null && container.getState().getTerminated() != null) {
        last = container.getState().getTerminated();
      } else if (container.getLastState() != null
          && container.getLastState().getTerminated() != null) {
        last = container.getLastState().getTerminated();
      }
      // An OOMKilled termination wins over a plain Error in another container.
      if (last != null
          && last.getReason() != null
          && (terminated == null || "OOMKilled".equals(last.getReason()))) {
        terminated = last.getReason();
        exitCode = last.getExitCode();
      }
    }
    String reason;
    if (waiting != null) {
      reason = waiting;
    } else if (!"Running".equals(phase)) {
      reason =
          status != null && status.getReason() != null
              ? phase + " (" + status.getReason() + ")"
              : phase;
    } else {
      reason = ready ? "Running" : "Running, not Ready";
    }
    return new ProbePodState(
        pod.getMetadata().getName(),
        pod.getSpec() == null ? null : pod.getSpec().getNodeName(),
        phase,
        ready,
        restarts,
        reason,
        terminated,
        exitCode,
        "Pending".equals(phase) ? scheduling : null);
  }

  /** Not Running and Ready, or restarted {@code restartThreshold} times or more: worth a look. */
  boolean failing(int restartThreshold) {
    return !runningAndReady() || restarts >= restartThreshold;
  }

  boolean runningAndReady() {
    return "Running".equals(phase) && ready;
  }

  boolean crashLooping() {
    return "CrashLoopBackOff".equals(reason);
  }

  boolean imagePullFailing() {
    return "ImagePullBackOff".equals(reason) || "ErrImagePull".equals(reason);
  }

  boolean oomKilled() {
    return "OOMKilled".equals(lastTerminated);
  }

  /** Pending for want of a node or a start, not for a failing image pull or a crash loop. */
  boolean pending() {
    return "Pending".equals(phase) && !imagePullFailing() && !crashLooping();
  }

  /**
   * e.g. {@code checkout-7d9f-abc: CrashLoopBackOff, 12 restarts, last terminated OOMKilled (exit
   * 137)} or {@code checkout-7d9f-xyz: Pending, unschedulable: 0/2 nodes are available: ...}.
   */
  String describe() {
    StringBuilder line = new StringBuilder(name).append(": ").append(reason);
    if (schedulingMessage != null) {
      line.append(", unschedulable: ").append(schedulingMessage);
    }
    if (restarts > 0) {
      line.append(", ").append(restarts).append(restarts == 1 ? " restart" : " restarts");
    }
    if (lastTerminated != null) {
      line.append(", last terminated ").append(lastTerminated);
      if (exitCode != null) {
        line.append(" (exit ").append(exitCode).append(')');
      }
    }
    if (node != null) {
      line.append(", on ").append(node);
    }
    return line.toString();
  }
}
