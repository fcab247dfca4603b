package io.incidentresponse.starter.config;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StarterConfiguration {
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
