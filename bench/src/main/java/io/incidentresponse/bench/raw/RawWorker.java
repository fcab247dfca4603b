package io.incidentresponse.bench.raw;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;

/**
 * The raw side's worker JVM: {@link RawWorkflowImpl}, {@link RawIntakeWorkflowImpl} and their
 * activities on {@link RawWorkflow#TASK_QUEUE} with the SDK's default worker options, the same
 * defaults the project's worker starts from. Runs until the process is killed.
 */
public final class RawWorker {
  private RawWorker() {}

  public static void run(String address, String namespace) throws InterruptedException {
    // A loaded machine answers slowly: wait for the server rather than fail at the first call.
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newConnectedServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(address)
                .setRpcTimeout(Duration.ofSeconds(30))
                .build(),
            Duration.ofMinutes(2));
    WorkflowClient client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
    WorkerFactory factory = WorkerFactory.newInstance(client);
    var worker = factory.newWorker(RawWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(RawWorkflowImpl.class, RawIntakeWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new RawActivitiesImpl(), new RawIntakeActivitiesImpl(client));
    factory.start();
    System.out.println("raw worker polling " + RawWorkflow.TASK_QUEUE + " at " + address);
    Thread.currentThread().join();
  }
}
