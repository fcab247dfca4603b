package io.incidentresponse.starter.security;

import io.incidentresponse.starter.config.IncidentProperties;
import jakarta.servlet.DispatcherType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two filter chains. Machine endpoints (alert webhooks, Slack interactions) keep their own checks
 * in the controllers (bearer, basic, PagerDuty and Slack signatures): they are not people. Every
 * other path is the people's API: a caller needs an API key or an OIDC token (see {@link
 * CredentialFilter}), except the bare health status and the error page.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {
  private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

  /** Paths that authenticate themselves. */
  static final String[] MACHINE_PATHS = {
    "/webhooks/**", "/api/slack/interactions", "/api/slack/commands"
  };

  /**
   * No Spring Security observations at all while {@code
   * management.observations.enable.spring.security} is false: that property made them no-ops, but
   * the filter chains were still wrapped, each request building an observation context per chain
   * and filter for nothing. Set true, the observations are back. The {@code http.server.requests}
   * metric is Spring MVC's and stays.
   */
  @Bean
  @ConditionalOnProperty(
      name = "management.observations.enable.spring.security",
      havingValue = "false")
  static SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }

  /**
   * The machine endpoints' chain holds no filter: their controllers check the caller, no security
   * context, session, header or authorization rule applies to a webhook, and every filter was a
   * cost on each alert delivered (the starter's busiest path). The chain still matches them, so the
   * people's chain never sees them, and Spring Security's firewall still refuses malformed paths
   * before any chain.
   */
  @Bean
  @Order(1)
  SecurityFilterChain machineEndpoints(HttpSecurity http) throws Exception {
    return stateless(http.securityMatcher(MACHINE_PATHS))
        .securityContext(AbstractHttpConfigurer::disable)
        .anonymous(AbstractHttpConfigurer::disable)
        .headers(AbstractHttpConfigurer::disable)
        .exceptionHandling(AbstractHttpConfigurer::disable)
        .servletApi(AbstractHttpConfigurer::disable)
        .sessionManagement(AbstractHttpConfigurer::disable)
        .build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain peoplesApi(
      HttpSecurity http, SecurityProperties security, IncidentProperties incident, JsonMapper json)
      throws Exception {
    refuseLegacyApiCredential(incident);
    SecurityProblems problems = new SecurityProblems(json);
    ApiKeys apiKeys = new ApiKeys(security.apiKeys());
    OidcCallers oidc = security.oidc().enabled() ? new OidcCallers(security.oidc()) : null;
    announce(security, apiKeys, oidc != null);
    return stateless(http)
        .addFilterBefore(
            new CredentialFilter(apiKeys, oidc, security.open(), problems),
            AnonymousAuthenticationFilter.class)
        .authorizeHttpRequests(
            requests ->
                requests
                    .dispatcherTypeMatchers(DispatcherType.ERROR)
                    .permitAll()
                    .requestMatchers("/error", "/actuator/health", "/actuator/health/**")
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .exceptionHandling(
            errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
        .build();
  }

  private static HttpSecurity stateless(HttpSecurity http) throws Exception {
    // no cookies, no sessions, no login pages: each request brings its credential, so CSRF has
    // nothing to ride on
    return http.csrf(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable);
  }

  /**
   * The one shared {@code incident.webhooks.api} credential is gone: every request would have been
   * "api", and nobody could tell who approved. Start-up stops and says what to set instead.
   */
  static void refuseLegacyApiCredential(IncidentProperties incident) {
    if (incident.webhooks().api().type() != IncidentProperties.AuthType.NONE) {
      throw new IllegalStateException(
          "incident.webhooks.api is no longer supported: the REST API needs a person behind each"
              + " request. Remove it and set incident.security.api-keys[0].person=NAME,"
              + " incident.security.api-keys[0].roles=admin and"
              + " incident.security.api-keys[0].sha256=$(printf %s KEY | sha256sum), then send"
              + " the key as 'Authorization: Bearer KEY' (see the README, 'Who may do what')");
    }
  }

  private static void announce(SecurityProperties security, ApiKeys apiKeys, boolean oidc) {
    if (security.open()) {
      log.warn(
          "\n********************************************************************************\n"
              + " incident.security.open=true: the REST API accepts requests WITHOUT credentials\n"
              + " as the person 'anonymous' with the responder role (acknowledge, notes, action\n"
              + " requests). Anybody who reaches this port can do that. Never in production.\n"
              + "********************************************************************************");
    } else if (apiKeys.isEmpty() && !oidc) {
      log.warn(
          "no API keys (incident.security.api-keys) and no OIDC (incident.security.oidc.*) are"
              + " configured: the REST API refuses every request with 401");
    }
  }
}
