package io.incidentresponse.workflows.incident;

/**
 * The input of a signal a person sends (from the Temporal UI, the CLI or the REST API). When its
 * JSON does not fit the type, {@link SignalPayloadConverter} hands the handler {@code null} and the
 * reason ({@link SignalPayloadConverter#takeProblem()}) instead of letting the SDK drop the signal
 * with a worker log line only, so the incident can say on its timeline that the signal was not
 * understood, and why.
 */
public interface PersonSignalInput {}
