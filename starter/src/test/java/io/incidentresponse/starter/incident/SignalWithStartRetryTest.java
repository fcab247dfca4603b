package io.incidentresponse.starter.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.drill.DrillDoor;
import io.incidentresponse.starter.maintenance.MaintenanceDoor;
import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import io.incidentresponse.workflows.incident.IncidentInput;
import io.incidentresponse.workflows.incident.IncidentSearchAttributes;
import io.incidentresponse.workflows.policy.PolicyEditions;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.util.unit.DataSize;

/**
 * The gateway's retry of a signal-with-start that the server answered ALREADY_EXISTS (a concurrent
 * delivery started the incident a moment before). The race cannot be forced on the test server, so
 * the client answers it here; the SDK refuses a second call with the same request, so each attempt
 * must build its own.
 */
class SignalWithStartRetryTest {
  private final WorkflowClient client = mock(WorkflowClient.class);
  private final TemporalCalls calls = mock(TemporalCalls.class);
  private final List<WorkflowStub> made = new ArrayList<>();
  private final SearchAttributeRegistrar registrar = mock(SearchAttributeRegistrar.class);

  private IncidentGateway gateway() {
    return gateway(true);
  }

  @SuppressWarnings("unchecked")
  private IncidentGateway gateway(boolean policyByName) {
    IncidentProperties properties =
        new IncidentProperties(
            null,
            null,
            new IncidentProperties.Webhooks(DataSize.ofMegabytes(1), null, null, null, List.of()),
            "incident-response",
            Duration.ofSeconds(30),
            null,
            null,
            null,
            new IncidentProperties.Ingestion(
                4,
                Duration.ZERO,
                4,
                "incident-intake",
                4,
                Duration.ofMinutes(1),
                Duration.ofMinutes(5),
                32,
                policyByName));
    when(client.newUntypedWorkflowStub(anyString(), any(WorkflowOptions.class)))
        .thenAnswer(
            call -> {
              WorkflowStub stub = mock(WorkflowStub.class);
              if (made.isEmpty()) {
                when(stub.signalWithStart(any(), any(), any()))
                    .thenThrow(new StatusRuntimeException(Status.ALREADY_EXISTS));
              } else {
                when(stub.signalWithStart(any(), any(), any()))
                    .thenReturn(
                        WorkflowExecution.newBuilder()
                            .setWorkflowId("incident-x")
                            .setRunId("run-2")
                            .build());
              }
              made.add(stub);
              return stub;
            });
    when(calls.deadline()).thenReturn(Duration.ofSeconds(3));
    when(calls.call(any())).thenAnswer(call -> ((Supplier<?>) call.getArgument(0)).get());
    MaintenanceDoor maintenance = mock(MaintenanceDoor.class);
    DrillDoor drills = mock(DrillDoor.class);
    IncidentKeys keys = mock(IncidentKeys.class);
    when(keys.keyOf(any(), any())).thenReturn("checkout-checkoutdown");
    when(drills.runningOn(anyString())).thenReturn(null);
    return new IncidentGateway(
        client,
        properties,
        keys,
        mock(SearchAttributeRegistrar.class),
        calls,
        new GroupDelivery(
            client, properties, new SimpleMeterRegistry(), calls, maintenance, drills, registrar),
        mock(DeliveryIntake.class));
  }

  private static Alert alert() {
    return new Alert(
        AlertSource.ALERTMANAGER,
        AlertStatus.FIRING,
        "fp-1",
        Map.of("alertname", "CheckoutDown", "service", "checkout", "severity", "critical"),
        Map.of(),
        Instant.parse("2026-11-30T03:00:00Z"),
        null,
        null,
        null);
  }

  @Test
  void alreadyExists_isRetriedOnANewStub_andTheAlertIsDelivered() {
    IncidentGateway gateway = gateway();

    List<IncidentGateway.Delivery> delivered =
        gateway.deliver(List.of(alert()), null, "delivery-1", null, null);

    assertThat(delivered).hasSize(1);
    assertThat(delivered.get(0).runId()).isEqualTo("run-2");
    assertThat(made).as("a stub is used once").hasSize(2);
    verify(client, times(2)).newUntypedWorkflowStub(eq("Incident"), any(WorkflowOptions.class));
    verify(made.get(1)).signalWithStart(eq("alert"), any(), any());
  }

  @Test
  void newIncident_startsTriggeredInVisibility_whenTheAttributesExistOnTheNamespace() {
    when(registrar.present()).thenReturn(true);

    gateway().deliver(List.of(alert()), null, "delivery-1", null, null);

    SearchAttributes started = startOptions().getTypedSearchAttributes();
    assertThat(started).isNotNull();
    assertThat(started.get(IncidentSearchAttributes.SEVERITY)).isEqualTo("P1");
    assertThat(started.get(IncidentSearchAttributes.SERVICE)).isEqualTo("checkout");
    assertThat(started.get(IncidentSearchAttributes.PHASE)).isEqualTo("TRIGGERED");
    assertThat(started.get(IncidentSearchAttributes.ACKNOWLEDGED)).isFalse();
    assertThat(started.containsKey(IncidentSearchAttributes.DRILL)).isFalse();
  }

  @Test
  void newIncident_startsWithoutSearchAttributes_whenTheyAreNotKnownToExist() {
    when(registrar.present()).thenReturn(false);

    gateway().deliver(List.of(alert()), null, "delivery-1", null, null);

    SearchAttributes started = startOptions().getTypedSearchAttributes();
    assertThat(started == null || started.size() == 0).isTrue();
  }

  @Test
  void newIncident_namesTheRunbooksDefaults_insteadOfCarryingThemWhole() {
    gateway().deliver(List.of(alert()), null, "delivery-1", null, null);

    IncidentInput input = startInput();
    assertThat(input.policy()).isNull();
    assertThat(input.policyEdition()).isEqualTo(PolicyEditions.nameOf(ResponsePolicy.defaults()));
    assertThat(input.resolvedPolicy()).isEqualTo(ResponsePolicy.defaults());
    // what the worker keeps of the started event while the incident is open: 2.4 KB inline
    assertThat(encodedBytes(input)).isLessThan(800);
  }

  @Test
  void newIncident_carriesThePolicyWhole_whenNamingIsOff() {
    gateway(false).deliver(List.of(alert()), null, "delivery-1", null, null);

    IncidentInput input = startInput();
    assertThat(input.policyEdition()).isNull();
    assertThat(input.policy()).isEqualTo(ResponsePolicy.defaults());
    String json =
        DefaultDataConverter.STANDARD_INSTANCE
            .toPayload(input)
            .orElseThrow()
            .getData()
            .toStringUtf8();
    // a worker older than named policies reads every field of it
    assertThat(json).doesNotContain("policyEdition").contains("\"responseTimes\"");
  }

  private static int encodedBytes(Object value) {
    return DefaultDataConverter.STANDARD_INSTANCE.toPayload(value).orElseThrow().getData().size();
  }

  /** The input of the signal-with-start that delivered. */
  private IncidentInput startInput() {
    ArgumentCaptor<Object[]> inputs = ArgumentCaptor.forClass(Object[].class);
    verify(made.get(1)).signalWithStart(eq("alert"), any(), inputs.capture());
    return (IncidentInput) inputs.getValue()[0];
  }

  /** The options of the stub that delivered (the last one made: the first met ALREADY_EXISTS). */
  private WorkflowOptions startOptions() {
    ArgumentCaptor<WorkflowOptions> options = ArgumentCaptor.forClass(WorkflowOptions.class);
    verify(client, times(2)).newUntypedWorkflowStub(eq("Incident"), options.capture());
    return options.getValue();
  }
}
