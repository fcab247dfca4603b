package io.incidentresponse.worker;

import io.incidentresponse.workflows.incident.SignalPayloadConverter;
import io.temporal.common.converter.DataConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The worker's Temporal data converter: Temporal's own, except that a person's signal whose JSON
 * does not fit (typed by hand in the Temporal UI) reaches the incident as "not understood, and why"
 * instead of being dropped with a line in this worker's log. The SDK's own converter, which it uses
 * for markers and search attributes whatever this bean is, gets pooled buffers too ({@link
 * StandardConverterBuffers}).
 */
@Configuration(proxyBeanMethods = false)
class DataConverterConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(DataConverterConfiguration.class);

  @Bean
  DataConverter mainDataConverter() {
    // before any workflow runs: the SDK's own encoder (markers, search attributes) then keeps
    // Jackson's buffers in a shared pool, not a set per incident thread
    if (!StandardConverterBuffers.install()) {
      LOG.warn(
          "The Temporal SDK's standard converter has no Jackson JSON converter to pool: every"
              + " workflow thread that writes a marker or search attribute keeps ~20 KB of buffers");
    }
    return SignalPayloadConverter.dataConverter();
  }
}
