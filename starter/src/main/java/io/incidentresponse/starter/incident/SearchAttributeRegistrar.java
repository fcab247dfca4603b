package io.incidentresponse.starter.incident;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.incidentresponse.workflows.incident.IncidentSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Registers the incident search attributes on the namespace when they are missing: without them
 * every incident's first workflow task fails until someone runs {@code temporal operator
 * search-attribute create}. Tried at start-up and again before alerts are delivered until it
 * succeeds, so a Temporal that comes up after the starter is handled too.
 */
@Component
public class SearchAttributeRegistrar {
  private static final Logger log = LoggerFactory.getLogger(SearchAttributeRegistrar.class);

  private final WorkflowClient client;
  private final TemporalCalls calls;
  private volatile boolean ensured;

  /** Whether the attributes are known to exist on the namespace (registered, or found there). */
  private volatile boolean present;

  public SearchAttributeRegistrar(WorkflowClient client, TemporalCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  @EventListener(ApplicationReadyEvent.class)
  void atStartup() {
    try {
      ensure();
    } catch (TemporalUnavailableException e) {
      log.warn(
          "search attributes not checked yet: {}; retried with the next alert", e.getMessage());
    }
  }

  /**
   * Whether a new incident may be started with its search attributes: they were found on the
   * namespace or registered there. False while that is not known, and when this starter could not
   * register them (a start naming an unknown attribute would be refused; the workflow's own upsert
   * sets them then, as before).
   */
  public boolean present() {
    return present;
  }

  /** Makes sure the four incident search attributes exist; a no-op once that is known. */
  public void ensure() {
    if (ensured) {
      return;
    }
    synchronized (this) {
      if (ensured) {
        return;
      }
      calls.call(
          () -> {
            register();
            return null;
          });
      ensured = true;
    }
  }

  private void register() {
    String namespace = client.getOptions().getNamespace();
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(client.getWorkflowServiceStubs().getRawChannel())
                .validateAndBuildWithDefaults());
    Map<String, IndexedValueType> missing = new LinkedHashMap<>();
    for (SearchAttributeKey<?> key : IncidentSearchAttributes.all()) {
      missing.put(key.getName(), key.getValueType());
    }
    try {
      ListSearchAttributesResponse existing =
          operator
              .blockingStub()
              .listSearchAttributes(
                  ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build());
      missing.keySet().removeIf(existing::containsCustomAttributes);
      missing.keySet().removeIf(existing::containsSystemAttributes);
    } catch (StatusRuntimeException e) {
      // Temporal's Java test server can add search attributes but not list them: add them all.
      if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
        throw e;
      }
    }
    if (missing.isEmpty()) {
      present = true;
      return;
    }
    try {
      operator
          .blockingStub()
          .addSearchAttributes(
              AddSearchAttributesRequest.newBuilder()
                  .setNamespace(namespace)
                  .putAllSearchAttributes(missing)
                  .build());
      log.info("registered search attributes {} on namespace {}", missing.keySet(), namespace);
      present = true;
    } catch (StatusRuntimeException e) {
      switch (e.getStatus().getCode()) {
        case ALREADY_EXISTS -> present = true;
        case UNIMPLEMENTED, PERMISSION_DENIED ->
            log.warn(
                "cannot register search attributes {} here ({}); create them with"
                    + " `temporal operator search-attribute create`",
                missing.keySet(),
                e.getStatus().getCode());
        default -> throw e;
      }
    }
  }
}
