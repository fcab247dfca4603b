package io.incidentresponse.starter.operation;

/** The REST bodies of operations; unknown fields are refused (422 naming them). */
final class OperationBodies {
  private OperationBodies() {}

  /** {@code {"type":"scale","service":"checkout","replicas":6,"reason":"traffic"}}. */
  record Start(
      String type,
      String service,
      String namespace,
      Integer replicas,
      String revision,
      String reason,
      String by) {}

  /** An approval or a rejection: who, and their words. */
  sealed interface Decision permits Approve, Reject {
    String approver();

    String text();
  }

  /** {@code {"comment":"go"}}; the approver is the caller. */
  record Approve(String approver, String comment) implements Decision {
    @Override
    public String text() {
      return comment;
    }
  }

  /** {@code {"reason":"not now"}}; the approver is the caller. */
  record Reject(String approver, String reason) implements Decision {
    @Override
    public String text() {
      return reason;
    }
  }

  record Started(String operationId, String runId, String status) {}

  record Row(String operationId, String startedAt, String status) {}
}
