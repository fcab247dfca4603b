package io.incidentresponse.starter.config;

import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.serviceclient.rpcretry.DefaultStubServiceOperationRpcRetryOptions;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StarterConfiguration {
  /** Retries of one Temporal call are at most this far apart, so none sleeps past its deadline. */
  private static final Duration LONGEST_RETRY_PAUSE = Duration.ofSeconds(1);

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * The starter's Temporal calls give up after {@code incident.temporal.deadline}, retries included
   * (the SDK's default is a minute of retries, which held a webhook's thread for 64 s while
   * Temporal was down). Queries wait at most {@code incident.temporal.query-deadline}.
   */
  @Bean
  TemporalOptionsCustomizer<WorkflowServiceStubsOptions.Builder> boundedTemporalCalls(
      IncidentProperties properties) {
    Duration deadline = properties.temporal().deadline();
    return stubs ->
        stubs
            .setRpcTimeout(deadline)
            .setRpcQueryTimeout(properties.temporal().queryDeadline())
            .setRpcRetryOptions(
                RpcRetryOptions.newBuilder(DefaultStubServiceOperationRpcRetryOptions.INSTANCE)
                    .setExpiration(deadline)
                    .setMaximumInterval(LONGEST_RETRY_PAUSE)
                    .validateBuildWithDefaults());
  }
}
