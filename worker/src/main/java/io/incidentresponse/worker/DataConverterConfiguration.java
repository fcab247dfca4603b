package io.incidentresponse.worker;

import io.incidentresponse.workflows.incident.SignalPayloadConverter;
import io.temporal.common.converter.DataConverter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The worker's Temporal data converter: Temporal's own, except that a person's signal whose JSON
 * does not fit (typed by hand in the Temporal UI) reaches the incident as "not understood, and why"
 * instead of being dropped with a line in this worker's log.
 */
@Configuration(proxyBeanMethods = false)
class DataConverterConfiguration {

  @Bean
  DataConverter mainDataConverter() {
    return SignalPayloadConverter.dataConverter();
  }
}
