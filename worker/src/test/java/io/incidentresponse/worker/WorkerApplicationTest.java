package io.incidentresponse.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.activities.TaskQueues;
import io.temporal.worker.WorkerFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The worker boots against Temporal's in-process test server and polls the incident queue. */
@SpringBootTest(properties = "spring.temporal.test-server.enabled=true")
class WorkerApplicationTest {

  @Autowired WorkerFactory workerFactory;

  @Test
  void worker_pollsTheIncidentTaskQueue() {
    assertThat(workerFactory.getWorker(TaskQueues.INCIDENTS)).isNotNull();
    assertThat(workerFactory.isStarted()).isTrue();
  }
}
