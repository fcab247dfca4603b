package io.incidentresponse.worker;

import static io.incidentresponse.worker.WorkerConfiguration.settings;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.incidentresponse.activities.NotConfiguredActivities;
import io.incidentresponse.activities.aws.AutoScalingGroups;
import io.incidentresponse.activities.aws.AwsSettings;
import io.incidentresponse.activities.aws.NodeReplacement;
import io.incidentresponse.activities.changes.ArgoCdChanges;
import io.incidentresponse.activities.changes.ArgoCdSettings;
import io.incidentresponse.activities.database.DatabaseSettings;
import io.incidentresponse.activities.database.PostgresProbe;
import io.incidentresponse.activities.database.TerminateQueriesMitigator;
import io.incidentresponse.activities.dependencies.DependencyProbe;
import io.incidentresponse.activities.dependencies.DependencySettings;
import io.incidentresponse.activities.diagnosis.DiagnosisRouter;
import io.incidentresponse.activities.git.DeployHistory;
import io.incidentresponse.activities.git.GitChanges;
import io.incidentresponse.activities.git.GitSettings;
import io.incidentresponse.activities.http.CircuitBreakerMitigator;
import io.incidentresponse.activities.http.CircuitBreakerSettings;
import io.incidentresponse.activities.http.HealthCheckSettings;
import io.incidentresponse.activities.http.HealthEndpointCheck;
import io.incidentresponse.activities.kubernetes.KubernetesMitigations;
import io.incidentresponse.activities.kubernetes.KubernetesProbes;
import io.incidentresponse.activities.kubernetes.KubernetesSettings;
import io.incidentresponse.activities.kubernetes.PodLogSettings;
import io.incidentresponse.activities.kubernetes.PodLogs;
import io.incidentresponse.activities.kubernetes.PodsReadyCheck;
import io.incidentresponse.activities.logs.ElasticsearchLogs;
import io.incidentresponse.activities.logs.ElasticsearchSettings;
import io.incidentresponse.activities.logs.LokiLogs;
import io.incidentresponse.activities.logs.LokiSettings;
import io.incidentresponse.activities.mitigation.Guardrails;
import io.incidentresponse.activities.mitigation.MitigationRouter;
import io.incidentresponse.activities.mitigation.Mitigator;
import io.incidentresponse.activities.mitigation.RecoveryCheck;
import io.incidentresponse.activities.oncall.RosterOnCallActivities;
import io.incidentresponse.activities.prometheus.PrometheusImpact;
import io.incidentresponse.activities.prometheus.PrometheusProbe;
import io.incidentresponse.activities.prometheus.PrometheusRecoveryCheck;
import io.incidentresponse.activities.prometheus.PrometheusSettings;
import io.incidentresponse.activities.traces.JaegerSettings;
import io.incidentresponse.activities.traces.JaegerTraces;
import io.incidentresponse.workflows.closure.ImpactActivities;
import io.incidentresponse.workflows.diagnosis.DiagnosisActivities;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.MitigationActivities;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The activities that look at and act on production: diagnosis probes, mitigations and recovery
 * checks, each served when its system has settings ({@code incident.kubernetes.enabled}, {@code
 * incident.prometheus.url}, {@code incident.elasticsearch.url} or {@code incident.loki.url}, {@code
 * incident.argocd.url}, {@code incident.database.url}, {@code incident.jaeger.url}, {@code
 * incident.git.repositories}, {@code incident.verification.health.url-template}, {@code
 * incident.circuit-breaker.url-template}, {@code incident.aws.auto-scaling-groups}), otherwise
 * reported as not configured on the timeline. Every mitigation passes the worker's guardrails
 * ({@code incident.mitigation.*}) first.
 */
@Configuration(proxyBeanMethods = false)
class DiagnosisAndMitigationConfiguration {
  private static final Logger log =
      LoggerFactory.getLogger(DiagnosisAndMitigationConfiguration.class);

  @Bean
  KubernetesSettings kubernetesSettings(Environment environment) {
    return settings(environment, "incident.kubernetes", KubernetesSettings.class);
  }

  /**
   * fabric8's client, configured the usual way: the in-cluster service account, else {@code
   * KUBECONFIG} / {@code ~/.kube/config}; {@code KUBERNETES_MASTER} and friends override. Its own
   * retries are cut to one and each request to 10 s: left at its defaults it retries a 5xx for
   * about 20 s, most of a probe's 30 s, and Temporal's retry policy should set the pace instead.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(name = "incident.kubernetes.enabled", havingValue = "true")
  KubernetesClient kubernetesClient() {
    Config config =
        new ConfigBuilder(Config.autoConfigure(null))
            .withRequestRetryBackoffLimit(1)
            .withRequestTimeout(10_000)
            .build();
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    log.info("Kubernetes API: {}", client.getMasterUrl());
    return client;
  }

  @Bean
  PrometheusSettings prometheusSettings(Environment environment) {
    return settings(environment, "incident.prometheus", PrometheusSettings.class);
  }

  @Bean
  ElasticsearchSettings elasticsearchSettings(Environment environment) {
    return settings(environment, "incident.elasticsearch", ElasticsearchSettings.class);
  }

  @Bean
  LokiSettings lokiSettings(Environment environment) {
    return settings(environment, "incident.loki", LokiSettings.class);
  }

  @Bean
  PodLogSettings podLogSettings(Environment environment) {
    return settings(environment, "incident.kubernetes.pod-logs", PodLogSettings.class);
  }

  @Bean
  ArgoCdSettings argoCdSettings(Environment environment) {
    return settings(environment, "incident.argocd", ArgoCdSettings.class);
  }

  @Bean
  GitSettings gitSettings(Environment environment) {
    return settings(environment, "incident.git", GitSettings.class);
  }

  @Bean
  DatabaseSettings databaseSettings(Environment environment) {
    return settings(environment, "incident.database", DatabaseSettings.class);
  }

  @Bean
  HealthCheckSettings healthCheckSettings(Environment environment) {
    return settings(environment, "incident.verification.health", HealthCheckSettings.class);
  }

  @Bean
  CircuitBreakerSettings circuitBreakerSettings(Environment environment) {
    return settings(environment, "incident.circuit-breaker", CircuitBreakerSettings.class);
  }

  @Bean
  DependencySettings dependencySettings(Environment environment) {
    return settings(environment, "incident.dependencies", DependencySettings.class);
  }

  @Bean
  JaegerSettings jaegerSettings(Environment environment) {
    return settings(environment, "incident.jaeger", JaegerSettings.class);
  }

  @Bean
  AwsSettings awsSettings(Environment environment) {
    return settings(environment, "incident.aws", AwsSettings.class);
  }

  @Bean
  Guardrails guardrails(Environment environment) {
    return settings(environment, "incident.mitigation", Guardrails.class);
  }

  @Bean
  DiagnosisActivities diagnosisActivities(
      ObjectProvider<KubernetesClient> kubernetesClient,
      KubernetesSettings kubernetes,
      PrometheusSettings prometheus,
      ElasticsearchSettings elasticsearch,
      LokiSettings loki,
      PodLogSettings podLogs,
      ArgoCdSettings argoCd,
      DatabaseSettings database,
      DependencySettings dependencies,
      JaegerSettings jaeger,
      CircuitBreakerSettings circuitBreaker,
      RosterOnCallActivities onCall,
      GitSettings git,
      OkHttpClient http) {
    Clock clock = Clock.systemUTC();
    KubernetesClient client = kubernetes.configured() ? kubernetesClient.getIfAvailable() : null;
    KubernetesProbes k8s = client == null ? null : new KubernetesProbes(client, kubernetes, clock);
    String noKubernetes = "Kubernetes (incident.kubernetes.enabled)";
    DiagnosisRouter router =
        DiagnosisRouter.builder()
            .probe(DiagnosisProbe.POD_HEALTH, k8s == null ? null : k8s::inspectPods, noKubernetes)
            .probe(
                DiagnosisProbe.KUBERNETES_EVENTS,
                k8s == null ? null : k8s::inspectEvents,
                noKubernetes)
            .probe(
                DiagnosisProbe.ROLLOUT_HISTORY,
                k8s == null ? null : k8s::inspectRollouts,
                noKubernetes)
            .probe(DiagnosisProbe.NODE_HEALTH, k8s == null ? null : k8s::inspectNodes, noKubernetes)
            .probe(
                DiagnosisProbe.SERVICE_METRICS,
                prometheus.configured() ? new PrometheusProbe(prometheus, http) : null,
                "Prometheus (incident.prometheus.url)")
            .probe(
                DiagnosisProbe.ERROR_LOGS,
                // Elasticsearch when both are set: one log store answers, as before Loki existed.
                elasticsearch.configured()
                    ? new ElasticsearchLogs(elasticsearch, http)
                    : loki.configured() ? new LokiLogs(loki, http) : null,
                "logs (incident.elasticsearch.url or incident.loki.url)")
            .probe(
                DiagnosisProbe.RECENT_CHANGES,
                argoCd.configured() ? new ArgoCdChanges(argoCd, http, clock) : null,
                "recent changes (incident.argocd.url)")
            .probe(
                DiagnosisProbe.DATABASE_CONNECTIONS,
                database.configured() ? new PostgresProbe(database)::inspectDatabase : null,
                "database (incident.database.url)")
            .probe(
                DiagnosisProbe.GIT_CHANGES,
                git.configured() ? gitChanges(git, argoCd, http, clock) : null,
                "git changes (incident.git.repositories)")
            .probe(
                DiagnosisProbe.POD_LOGS,
                client == null ? null : new PodLogs(client, kubernetes, podLogs, clock),
                noKubernetes)
            .probe(
                DiagnosisProbe.DEPENDENCIES,
                prometheus.configured()
                    ? new DependencyProbe(
                        dependencies,
                        prometheus,
                        http,
                        onCall.configured() ? onCall : null,
                        circuitBreaker.configured(),
                        clock)
                    : null,
                "dependency analysis (incident.dependencies and incident.prometheus.url)")
            .probe(
                DiagnosisProbe.TRACES,
                jaeger.configured() ? new JaegerTraces(jaeger, http, clock) : null,
                "traces (incident.jaeger.url)")
            .build();
    log.info("Diagnosis probes served: {}", router.served());
    return router;
  }

  /** Commits per service; with ArgoCD configured, each says which deploy shipped it. */
  private static GitChanges gitChanges(
      GitSettings git, ArgoCdSettings argoCd, OkHttpClient http, Clock clock) {
    DeployHistory deploys = DeployHistory.NONE;
    if (argoCd.configured()) {
      ArgoCdChanges argo = new ArgoCdChanges(argoCd, http, clock);
      deploys =
          service ->
              argo.deployHistory(service).stream()
                  .map(deploy -> new DeployHistory.Deployed(deploy.revision(), deploy.at()))
                  .toList();
    }
    GitChanges changes = new GitChanges(git, deploys, clock);
    changes.warmUp();
    return changes;
  }

  /** Users affected at closure, from the {@code usersAffected} PromQL template when set. */
  @Bean
  ImpactActivities impactActivities(PrometheusSettings prometheus, OkHttpClient http) {
    return prometheus.configured()
        ? new PrometheusImpact(prometheus, http)
        : NotConfiguredActivities.of(
            ImpactActivities.class, "users affected query (incident.prometheus.url)");
  }

  @Bean
  MitigationActivities mitigationActivities(
      ObjectProvider<KubernetesClient> kubernetesClient,
      KubernetesSettings kubernetes,
      PrometheusSettings prometheus,
      DatabaseSettings database,
      HealthCheckSettings health,
      CircuitBreakerSettings circuitBreaker,
      Guardrails guardrails,
      AwsSettings aws,
      OkHttpClient http) {
    Map<ActionType, Mitigator> mitigators = new EnumMap<>(ActionType.class);
    List<RecoveryCheck> checks = new ArrayList<>();
    KubernetesClient client = kubernetes.configured() ? kubernetesClient.getIfAvailable() : null;
    if (client != null) {
      mitigators.putAll(
          new KubernetesMitigations(client, guardrails, Clock.systemUTC()).mitigators());
      checks.add(new PodsReadyCheck(client, kubernetes));
      if (aws.configured()) {
        // The client lives as long as the worker: its URLConnection transport holds no pool.
        NodeReplacement replacement =
            new NodeReplacement(
                client,
                new AutoScalingGroups(AutoScalingGroups.client(aws)),
                mitigators.get(ActionType.DRAIN_NODE),
                aws,
                Clock.systemUTC());
        mitigators.put(ActionType.REPLACE_NODE, replacement::replaceNode);
      }
    }
    if (database.configured()) {
      mitigators.put(ActionType.TERMINATE_QUERIES, new TerminateQueriesMitigator(database));
    }
    if (circuitBreaker.configured()) {
      mitigators.put(ActionType.CIRCUIT_BREAKER, new CircuitBreakerMitigator(circuitBreaker, http));
    }
    if (health.configured()) {
      checks.add(new HealthEndpointCheck(health, http));
    }
    if (prometheus.configured()) {
      checks.add(new PrometheusRecoveryCheck(prometheus, http));
    }
    MitigationRouter router = new MitigationRouter(guardrails, mitigators, checks);
    log.info(
        "Mitigations served: {}; recovery checks: {}",
        router.served(),
        checks.stream().map(c -> c.getClass().getSimpleName()).toList());
    return router;
  }
}
