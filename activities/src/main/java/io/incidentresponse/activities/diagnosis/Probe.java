package io.incidentresponse.activities.diagnosis;

import io.incidentresponse.workflows.activities.DiagnosisRequest;
import io.incidentresponse.workflows.model.Finding;

/**
 * One diagnosis probe against one outside system. It only reads. It answers HEALTHY or ANOMALY with
 * evidence and {@link io.incidentresponse.workflows.model.FindingFacts facts}, or throws an {@code
 * ApplicationFailure} typed by {@link io.incidentresponse.workflows.activities.FailureType} when it
 * cannot look (the workflow records that as an UNAVAILABLE finding).
 */
@FunctionalInterface
public interface Probe {
  Finding inspect(DiagnosisRequest request);
}
