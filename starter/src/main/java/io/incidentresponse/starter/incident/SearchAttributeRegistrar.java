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
  private volatile boolean ensured;

  public SearchAttributeRegistrar(WorkflowClient client) {
    this.client = client;
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

  /** Makes sure the four incident search attributes exist; a no-op once that is known. */
  public void ensure() {
    if (ensured) {
      return;
    }
    synchronized (this) {
      if (ensured) {
        return;
      }
      IncidentGateway.call(
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
    try {
      ListSearchAttributesResponse existing =
          operator
              .blockingStub()
              .listSearchAttributes(
                  ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build());
      Map<String, IndexedValueType> missing = new LinkedHashMap<>();
      for (SearchAttributeKey<?> key : IncidentSearchAttributes.all()) {
        if (!existing.containsCustomAttributes(key.getName())
            && !existing.containsSystemAttributes(key.getName())) {
          missing.put(key.getName(), key.getValueType());
        }
      }
      if (!missing.isEmpty()) {
        operator
            .blockingStub()
            .addSearchAttributes(
                AddSearchAttributesRequest.newBuilder()
                    .setNamespace(namespace)
                    .putAllSearchAttributes(missing)
                    .build());
        log.info("registered search attributes {} on namespace {}", missing.keySet(), namespace);
      }
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        log.warn(
            "this Temporal server has no operator API; register the search attributes {} yourself",
            IncidentSearchAttributes.all().stream().map(SearchAttributeKey::getName).toList());
        return;
      }
      throw e;
    }
  }
}
