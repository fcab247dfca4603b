package io.incidentresponse.starter.incident;

import io.temporal.common.metadata.POJOWorkflowInterfaceMetadata;
import io.temporal.common.metadata.POJOWorkflowMethodMetadata;

/**
 * The Temporal names of a workflow interface, read from its annotations once. A typed stub reads
 * the whole interface by reflection each time one is made (every method and annotation: the
 * incident's has twenty), which was a cost on every alert delivered; an untyped stub with these
 * names sends exactly the same request.
 */
final class WorkflowNames {
  private WorkflowNames() {}

  /** The workflow type of {@code workflowInterface} (its {@code @WorkflowMethod}'s name). */
  static String type(Class<?> workflowInterface) {
    return POJOWorkflowInterfaceMetadata.newInstance(workflowInterface)
        .getWorkflowType()
        .orElseThrow(
            () -> new IllegalArgumentException(workflowInterface + " has no workflow method"));
  }

  /** The name Temporal knows {@code method} of {@code workflowInterface} by (a signal's name). */
  static String method(Class<?> workflowInterface, String method) {
    return POJOWorkflowInterfaceMetadata.newInstance(workflowInterface)
        .getMethodsMetadata()
        .stream()
        .filter(m -> m.getWorkflowMethod().getName().equals(method))
        .map(POJOWorkflowMethodMetadata::getName)
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException(workflowInterface + " has no method " + method));
  }
}
