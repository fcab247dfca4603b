package io.incidentresponse.bench.raw;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;

/**
 * The raw side's worker JVM: {@link RawWorkflowImpl}, {@link RawIntakeWorkflowImpl} and their
 * activities on {@link RawWorkflow#TASK_QUEUE} with the SDK's default worker options, the same
 * defaults the project's worker starts from, except its sticky cache: sized to hold every workflow
 * the run keeps open (the SDK's 600 evicted raw workflows past 600 while the project's worker,
 * sized by {@code incident.worker.*}, kept its incidents), with virtual workflow threads on Java 21
 * or later as the project's worker has by default, and platform threads enough for them before.
 * Runs until the process is killed.
 */
public final class RawWorker {
  /** The SDK's default sticky cache size and workflow thread budget. */
  public static final int DEFAULT_THREADS = 600;

  private RawWorker() {}

  public static void run(String address, String namespace, int cacheSize)
      throws InterruptedException {
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
    boolean virtual = Runtime.version().feature() >= 21;
    WorkerFactory factory =
        WorkerFactory.newInstance(
            client,
            WorkerFactoryOptions.newBuilder()
                .setWorkflowCacheSize(cacheSize)
                // a waiting raw workflow holds one workflow thread; the SDK's 600 beside them
                .setMaxWorkflowThreadCount(cacheSize + DEFAULT_THREADS)
                .setUsingVirtualWorkflowThreads(virtual)
                .build());
    var worker = factory.newWorker(RawWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(RawWorkflowImpl.class, RawIntakeWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new RawActivitiesImpl(), new RawIntakeActivitiesImpl(client));
    factory.start();
    System.out.printf(
        "raw worker polling %s at %s; %,d workflows cached, %s workflow threads%n",
        RawWorkflow.TASK_QUEUE, address, cacheSize, virtual ? "virtual" : "platform");
    Thread.currentThread().join();
  }
}
