package io.incidentresponse.activities.postmortem;

import static io.incidentresponse.activities.postmortem.DocumentFormat.duration;
import static io.incidentresponse.activities.postmortem.DocumentFormat.findings;
import static io.incidentresponse.activities.postmortem.DocumentFormat.instant;
import static io.incidentresponse.activities.postmortem.DocumentFormat.line;
import static io.incidentresponse.activities.postmortem.DocumentFormat.probe;
import static io.incidentresponse.activities.postmortem.DocumentFormat.status;
import static io.incidentresponse.activities.postmortem.PostmortemRenderer.TO_COMPLETE;

import io.incidentresponse.workflows.diagnosis.DiagnosisReport;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingFacts;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.incidentresponse.workflows.diagnosis.Hypothesis;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.TimelineEntry;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Root Cause Analysis: what happened (the diagnosis's anomalies and the mitigations), why (its
 * hypotheses, to be confirmed) and why we didn't catch it (time to open the incident, a change
 * before the first alert, probes that could not look). The causes are for the review to write.
 */
final class RootCauseSection implements DocumentSection {
  private final IncidentFacts facts;
  private final IncidentState s;
  private final DiagnosisReport diagnosis;
  private final DocumentFormat format;

  RootCauseSection(IncidentFacts facts, DocumentFormat format) {
    this.facts = facts;
    this.s = facts.s();
    this.diagnosis = facts.diagnosis();
    this.format = format;
  }

  @Override
  public void write(StringBuilder out) {
    out.append("## Root Cause Analysis\n");
    whatHappened(out);
    whyItHappened(out);
    whyWeDidNotCatchIt(out);
  }

  private void whatHappened(StringBuilder out) {
    out.append("### What Happened\n");
    if (diagnosis == null) {
      out.append("No automated diagnosis ran for this incident.\n\n");
    } else {
      out.append("The diagnosis (round ")
          .append(diagnosis.round())
          .append(", ")
          .append(format.clockOf(diagnosis.completedAt()))
          .append(") found ")
          .append(diagnosis.summary())
          .append(":\n");
      for (Finding finding : diagnosis.findings()) {
        if (finding.outcome() != FindingOutcome.ANOMALY) {
          continue;
        }
        out.append("- **").append(probe(finding.probe())).append("**: ");
        out.append(line(finding.summary())).append('\n');
        for (String evidence : finding.evidence()) {
          out.append("  - ").append(line(evidence)).append('\n');
        }
      }
      List<String> healthy = probes(FindingOutcome.HEALTHY);
      if (!healthy.isEmpty()) {
        out.append("- Healthy: ").append(String.join(", ", healthy)).append('\n');
      }
      List<Finding> unavailable = facts.unavailable();
      if (!unavailable.isEmpty()) {
        out.append("- Could not look: ").append(findings(unavailable)).append('\n');
      }
      out.append('\n');
    }
    mitigations(out);
    out.append(TO_COMPLETE).append(": the detailed explanation of what went wrong.\n\n");
  }

  private void whyItHappened(StringBuilder out) {
    out.append("### Why It Happened\n");
    Hypothesis top = facts.top();
    if (top != null) {
      out.append("Most likely cause from the diagnosis (to be confirmed): **")
          .append(line(top.cause()))
          .append("** (confidence ")
          .append(top.confidence())
          .append("/100): ")
          .append(line(top.explanation()))
          .append('\n');
      for (String evidence : top.evidence()) {
        out.append("- ").append(line(evidence)).append('\n');
      }
      List<Hypothesis> others = diagnosis.hypotheses().subList(1, diagnosis.hypotheses().size());
      if (!others.isEmpty()) {
        out.append("\nOther candidates the diagnosis considered:\n");
        for (Hypothesis other : others) {
          out.append("- ")
              .append(line(other.cause()))
              .append(" (")
              .append(other.confidence())
              .append("/100): ")
              .append(line(other.explanation()))
              .append('\n');
        }
      }
      out.append('\n');
    }
    out.append(TO_COMPLETE)
        .append(": the contributing factors and root causes, in systems and processes.\n\n");
  }

  private void whyWeDidNotCatchIt(StringBuilder out) {
    out.append("### Why We Didn't Catch It\n");
    List<String> known = new ArrayList<>();
    if (s.firstAlertAt != null && s.detectedAt != null) {
      known.add(
          "The first alert condition began at "
              + format.clockOf(s.firstAlertAt)
              + "; the incident was opened "
              + duration(Duration.between(s.firstAlertAt, s.detectedAt))
              + " later, at "
              + format.clockOf(s.detectedAt)
              + ".");
    }
    String change = changeBeforeAlert();
    if (change != null) {
      known.add(change);
    }
    List<Finding> unavailable = facts.unavailable();
    if (!unavailable.isEmpty()) {
      known.add(
          unavailable.size()
              + (unavailable.size() == 1 ? " diagnosis probe" : " diagnosis probes")
              + " could not look ("
              + findings(unavailable)
              + "): a gap in what we can see during an incident.");
    }
    for (String fact : known) {
      out.append("- ").append(fact).append('\n');
    }
    if (!known.isEmpty()) {
      out.append('\n');
    }
    out.append(TO_COMPLETE)
        .append(
            ": the prevention mechanisms (tests, canary analysis, alerts, reviews) that failed"
                + " or were missing.\n\n");
  }

  private void mitigations(StringBuilder out) {
    if (s.actions == null || s.actions.isEmpty()) {
      return;
    }
    out.append("Mitigations:\n");
    for (MitigationAction action : s.actions) {
      out.append("- `").append(line(action.id())).append("` ");
      out.append(action.proposal() == null ? "" : line(action.proposal().describe()));
      out.append(": ").append(status(action.status()));
      if (action.finishedAt() != null
          && (action.status() == ActionStatus.SUCCEEDED
              || action.status() == ActionStatus.FAILED)) {
        out.append(" at ").append(format.clockOf(action.finishedAt()));
      }
      if (action.decidedBy() != null) {
        out.append(
            TimelineEntry.POLICY.equals(action.decidedBy())
                ? " (ran without approval under the policy)"
                : action.status() == ActionStatus.REJECTED
                    ? " (rejected by " + line(action.decidedBy()) + ")"
                    : " (approved by " + line(action.decidedBy()) + ")");
      }
      if (action.outcome() != null && !action.outcome().isBlank()) {
        out.append(": ").append(line(action.outcome()));
      }
      out.append('\n');
    }
    out.append('\n');
  }

  /** A deploy seen by the diagnosis before the first alert, in words; or null. */
  private String changeBeforeAlert() {
    if (diagnosis == null || s.firstAlertAt == null) {
      return null;
    }
    for (Finding finding : diagnosis.findings()) {
      String at = finding.fact(FindingFacts.ROLLOUT_AT);
      String revision = finding.fact(FindingFacts.ROLLOUT_REVISION);
      if (at == null) {
        at = finding.fact(FindingFacts.CHANGE_AT);
        revision = finding.fact(FindingFacts.CHANGE_REVISION);
      }
      Instant changed = instant(at);
      if (changed != null && !changed.isAfter(s.firstAlertAt)) {
        return "A change reached production at "
            + format.clockOf(changed)
            + (revision == null ? "" : " (revision " + line(revision) + ")")
            + ", "
            + duration(Duration.between(changed, s.firstAlertAt))
            + " before the first alert condition; nothing between the deploy and the users"
            + " stopped it.";
      }
    }
    return null;
  }

  private List<String> probes(FindingOutcome outcome) {
    List<String> names = new ArrayList<>();
    for (Finding finding : diagnosis.findings()) {
      if (finding.outcome() == outcome) {
        names.add(probe(finding.probe()));
      }
    }
    return names;
  }
}
