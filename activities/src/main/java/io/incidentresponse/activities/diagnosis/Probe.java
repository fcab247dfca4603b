package io.incidentresponse.activities.diagnosis;

import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.diagnosis.Finding;

/**
 * One diagnosis probe against one outside system. It only reads. It answers HEALTHY or ANOMALY with
 * evidence and {@link io.incidentresponse.workflows.diagnosis.FindingFacts facts}, or throws an
 * {@code ApplicationFailure} typed by {@link io.incidentresponse.workflows.failures.FailureType}
 * when it cannot look (the workflow records that as an UNAVAILABLE finding).
 */
@FunctionalInterface
public interface Probe {
  Finding inspect(DiagnosisRequest request);
}
