package io.incidentresponse.workflows.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.temporal.workflow.SignalMethod;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The one vocabulary of people's signals agrees with the workflow interface and with itself. */
class IncidentSignalsTest {

  private static List<Method> signalMethods() {
    return Arrays.stream(IncidentWorkflow.class.getMethods())
        .filter(m -> m.isAnnotationPresent(SignalMethod.class))
        .filter(m -> PersonSignalInput.class.isAssignableFrom(m.getParameterTypes()[0]))
        .toList();
  }

  @Test
  void everySignalAPersonSends_isInTheVocabulary_andNothingElseIs() {
    assertThat(IncidentSignals.names())
        .containsExactlyInAnyOrderElementsOf(
            signalMethods().stream().map(Method::getName).toList());
  }

  @ParameterizedTest
  @EnumSource(IncidentSignals.class)
  void nameAndInputType_matchTheSignalMethod(IncidentSignals signal) {
    Method method =
        signalMethods().stream()
            .filter(m -> m.getName().equals(signal.signalName()))
            .findFirst()
            .orElseThrow();
    assertThat(method.getParameterTypes()).containsExactly(signal.inputType());
    assertThat(IncidentSignals.byName(signal.signalName())).isSameAs(signal);
  }

  @ParameterizedTest
  @EnumSource(IncidentSignals.class)
  void theExample_isJsonOfTheInputWithEveryRequiredField(IncidentSignals signal) throws Exception {
    Object input =
        JacksonJsonPayloadConverter.newDefaultObjectMapper()
            .readValue(signal.example(), signal.inputType());
    for (RecordComponent component : signal.inputType().getRecordComponents()) {
      if (signal.required().contains(component.getName())) {
        assertThat(component.getAccessor().invoke(input))
            .as("%s.%s", signal.signalName(), component.getName())
            .isNotNull();
      }
    }
    List<String> fields =
        Arrays.stream(signal.inputType().getRecordComponents())
            .map(RecordComponent::getName)
            .toList();
    assertThat(fields).containsAll(signal.required());
  }
}
