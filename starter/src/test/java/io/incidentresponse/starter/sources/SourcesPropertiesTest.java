package io.incidentresponse.starter.sources;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** A generic source's mapping is checked when the starter starts, naming source and field. */
class SourcesPropertiesTest {
  @Configuration
  @EnableConfigurationProperties(SourcesProperties.class)
  static class Bound {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(Bound.class);

  private static final String OK = "incident.sources.generic.kuma.";

  @Test
  void validMapping_starts() {
    runner
        .withPropertyValues(OK + "name=$.monitor.name", OK + "service=$.monitor.service")
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void pathThatDoesNotCompile_stopsStartUpNamingSourceAndField() {
    runner
        .withPropertyValues(OK + "name=$.monitor[name", OK + "service=$.monitor.service")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining(
                        "incident.sources.generic.kuma.name is not a JSONPath"));
  }

  @Test
  void missingServiceMapping_stopsStartUpNamingIt() {
    runner
        .withPropertyValues(OK + "name=$.monitor.name")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("incident.sources.generic.kuma.service is required"));
  }

  @Test
  void fieldPathSelectingManyValues_orStatusMappedToAnUnknownWord_stopStartUp() {
    runner
        .withPropertyValues(OK + "name=$.monitor.name", OK + "service=$.tags[*]")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("generic.kuma.service must select one value"));
    runner
        .withPropertyValues(
            OK + "name=$.monitor.name",
            OK + "service=$.monitor.service",
            OK + "status-values.down=broken")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("generic.kuma.status-values.down must be firing"));
  }
}
