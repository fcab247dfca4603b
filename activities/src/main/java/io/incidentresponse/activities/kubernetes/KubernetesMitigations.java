package io.incidentresponse.activities.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.incidentresponse.activities.mitigation.Guardrails;
import io.incidentresponse.activities.mitigation.Mitigator;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.mitigation.ActionParameters;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.MitigationRequest;
import io.incidentresponse.workflows.mitigation.MitigationResult;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes mitigations: scale, rollout restart, rollback, redirect a Service, point a
 * ConfigMap at a read replica, drain a node.
 *
 * <p>Idempotency: every change is one locked patch ({@code edit} on the object as read, so a
 * concurrent change surfaces as a 409 CONFLICT) that also writes the annotations {@value #ACTION}
 * (the request's idempotency key), {@value #BEFORE}, {@value #AFTER} and {@value #AT}. The change
 * and its record land together or not at all, so a retry either finds the record and reports the
 * earlier run ("already done by ...") or finds nothing changed and acts afresh on the current
 * state. Two-step mitigations (read replica: ConfigMap, then restart; drain: cordon, then evict)
 * record each step on its own object and a retry resumes at the first step not recorded.
 *
 * <p>Failures: a missing target is NOT_FOUND, bad parameters are BAD_REQUEST (both final);
 * guardrails throw GUARDRAIL; API failures are classified by {@link KubernetesFailures} (409
 * CONFLICT and unreachable UNAVAILABLE are retried, 401/403 INVALID_CREDENTIALS is final).
 * Namespace allow-list, action count and forced dry run are checked before this class by the {@link
 * io.incidentresponse.activities.mitigation.MitigationRouter}.
 */
public final class KubernetesMitigations {
  private static final Logger log = LoggerFactory.getLogger(KubernetesMitigations.class);

  static final String ACTION = "incident-response.io/action";
  static final String BEFORE = "incident-response.io/before";
  static final String AFTER = "incident-response.io/after";
  static final String AT = "incident-response.io/at";
  static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";
  static final String REVISION = "deployment.kubernetes.io/revision";
  static final String POD_TEMPLATE_HASH = "pod-template-hash";
  static final String MIRROR_POD = "kubernetes.io/config.mirror";

  /** A label key (optional DNS prefix) and a label value, as the API server validates them. */
  private static final Pattern LABEL_KEY =
      Pattern.compile(
          "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
              + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

  private static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

  /** {@code scheme://user:password@host}: the password part is masked in results and logs. */
  private static final Pattern URL_PASSWORD =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^/:@\\s]*:)([^@/\\s]+)(@)");

  private final KubernetesClient client;

  /**
   * The same client without HTTP retries, for evictions: fabric8 retries a 429 with exponential
   * backoff (about 100 s at its defaults), but a PodDisruptionBudget refusal is an answer, not a
   * hiccup; the activity's retry policy paces the rest of the drain.
   */
  private final KubernetesClient evictions;

  private final Guardrails guardrails;
  private final Clock clock;

  public KubernetesMitigations(KubernetesClient client, Guardrails guardrails, Clock clock) {
    this.client = client;
    this.evictions =
        client
            .newClient(
                new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .adapt(KubernetesClient.class);
    this.guardrails = guardrails;
    this.clock = clock;
  }

  /** One mitigator per Kubernetes action type, for the mitigation router. */
  public Map<ActionType, Mitigator> mitigators() {
    Map<ActionType, Mitigator> mitigators = new EnumMap<>(ActionType.class);
    mitigators.put(ActionType.SCALE, this::scale);
    mitigators.put(ActionType.RESTART, this::restart);
    mitigators.put(ActionType.ROLLBACK, this::rollback);
    mitigators.put(ActionType.REDIRECT_TRAFFIC, this::redirectTraffic);
    mitigators.put(ActionType.READ_REPLICA, this::readReplica);
    mitigators.put(ActionType.DRAIN_NODE, this::drainNode);
    return mitigators;
  }

  // ---------------------------------------------------------------------------------- SCALE

  MitigationResult scale(MitigationRequest request) {
    ActionProposal action = request.action();
    int replicas = intParameter(action, ActionParameters.REPLICAS);
    guardrails.checkReplicas(replicas);
    Deployment deployment = requireDeployment(action.namespace(), action.target());
    Optional<MitigationResult> earlier = earlier(deployment, request);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    int current =
        deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    Map<String, String> before = Map.of("replicas", String.valueOf(current));
    Map<String, String> after = Map.of("replicas", String.valueOf(replicas));
    String what =
        "scale deployment "
            + describe(deployment)
            + " from "
            + current
            + " to "
            + replicas
            + " replicas";
    return editDeployment(
        request,
        deployment,
        "scale deployment " + describe(deployment),
        what,
        before,
        after,
        d -> {
          d.getSpec().setReplicas(replicas);
          return d;
        });
  }

  // -------------------------------------------------------------------------------- RESTART

  MitigationResult restart(MitigationRequest request) {
    ActionProposal action = request.action();
    Deployment deployment = requireDeployment(action.namespace(), action.target());
    Optional<MitigationResult> earlier = earlier(deployment, request);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    return restart(request, deployment, "restart");
  }

  /**
   * Rollout restart by hand rather than {@code .rolling().restart()}: the restartedAt annotation on
   * the pod template is what {@code kubectl rollout restart} sets, and writing it ourselves puts it
   * in the same patch as the idempotency record.
   */
  private MitigationResult restart(MitigationRequest request, Deployment deployment, String verb) {
    String previous = templateAnnotations(deployment.getSpec().getTemplate()).get(RESTARTED_AT);
    String now = now();
    Map<String, String> before = Map.of("restartedAt", previous == null ? "never" : previous);
    Map<String, String> after = Map.of("restartedAt", now);
    String what = verb + " deployment " + describe(deployment) + " (rollout restart)";
    return editDeployment(
        request,
        deployment,
        "restart deployment " + describe(deployment),
        what,
        before,
        after,
        d -> {
          PodTemplateSpec template = d.getSpec().getTemplate();
          if (template.getMetadata() == null) {
            template.setMetadata(new ObjectMeta());
          }
          annotations(template.getMetadata()).put(RESTARTED_AT, now);
          return d;
        });
  }

  // ------------------------------------------------------------------------------- ROLLBACK

  /**
   * What {@code kubectl rollout undo [--to-revision]} does: copy the pod template of the wanted
   * revision's ReplicaSet into the Deployment, without its pod-template-hash label. fabric8's
   * {@code .rolling().undo()} cannot take a revision and fails without ReplicaSets.
   */
  MitigationResult rollback(MitigationRequest request) {
    ActionProposal action = request.action();
    Integer wanted =
        action.parameters().containsKey(ActionParameters.REVISION)
            ? intParameter(action, ActionParameters.REVISION)
            : null;
    Deployment deployment = requireDeployment(action.namespace(), action.target());
    Optional<MitigationResult> earlier = earlier(deployment, request);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    TreeMap<Long, ReplicaSet> revisions = revisions(deployment);
    Long current = currentRevision(deployment, revisions);
    ReplicaSet target;
    if (wanted != null) {
      target = revisions.get(wanted.longValue());
      if (target == null) {
        throw badRequest(
            "revision "
                + wanted
                + " of deployment "
                + describe(deployment)
                + " does not exist (known revisions: "
                + revisions.keySet()
                + ")");
      }
      if (current != null && wanted.longValue() == current) {
        throw badRequest(
            "revision "
                + wanted
                + " is the current revision of deployment "
                + describe(deployment)
                + "; nothing to roll back to");
      }
    } else {
      Map.Entry<Long, ReplicaSet> previous = current == null ? null : revisions.lowerEntry(current);
      if (previous == null) {
        throw badRequest(
            "deployment "
                + describe(deployment)
                + " has no revision before "
                + (current == null ? "its current one" : "revision " + current)
                + " (known revisions: "
                + revisions.keySet()
                + ")");
      }
      target = previous.getValue();
    }
    long targetRevision = revisionOf(target);
    PodTemplateSpec template =
        client.getKubernetesSerialization().clone(target.getSpec().getTemplate());
    if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
      template.getMetadata().getLabels().remove(POD_TEMPLATE_HASH);
    }
    Map<String, String> before = new LinkedHashMap<>();
    before.put("revision", current == null ? "unknown" : String.valueOf(current));
    before.putAll(images(deployment.getSpec().getTemplate()));
    Map<String, String> after = new LinkedHashMap<>();
    after.put("revision", String.valueOf(targetRevision));
    after.putAll(images(template));
    String what =
        "roll back deployment "
            + describe(deployment)
            + " from revision "
            + before.get("revision")
            + " to revision "
            + targetRevision
            + " ("
            + String.join(", ", images(template).values())
            + ")";
    return editDeployment(
        request,
        deployment,
        "roll back deployment " + describe(deployment),
        what,
        before,
        after,
        d -> {
          d.getSpec().setTemplate(template);
          return d;
        });
  }

  /** The Deployment's ReplicaSets by revision, oldest first. */
  private TreeMap<Long, ReplicaSet> revisions(Deployment deployment) {
    String ns = deployment.getMetadata().getNamespace();
    Map<String, String> matchLabels =
        deployment.getSpec().getSelector() == null
            ? null
            : deployment.getSpec().getSelector().getMatchLabels();
    List<ReplicaSet> all =
        KubernetesFailures.call(
            "list replicasets of deployment " + describe(deployment),
            () ->
                matchLabels == null || matchLabels.isEmpty()
                    ? client.apps().replicaSets().inNamespace(ns).list().getItems()
                    : client
                        .apps()
                        .replicaSets()
                        .inNamespace(ns)
                        .withLabels(matchLabels)
                        .list()
                        .getItems());
    TreeMap<Long, ReplicaSet> revisions = new TreeMap<>();
    for (ReplicaSet rs : all) {
      if (ownedBy(rs, deployment) && revisionOf(rs) > 0) {
        revisions.put(revisionOf(rs), rs);
      }
    }
    return revisions;
  }

  private static boolean ownedBy(ReplicaSet rs, Deployment deployment) {
    List<OwnerReference> owners = rs.getMetadata().getOwnerReferences();
    if (owners == null) {
      return false;
    }
    String uid = deployment.getMetadata().getUid();
    return owners.stream()
        .anyMatch(
            o ->
                "Deployment".equals(o.getKind())
                    && deployment.getMetadata().getName().equals(o.getName())
                    && (uid == null || o.getUid() == null || uid.equals(o.getUid())));
  }

  private static long revisionOf(HasMetadata object) {
    String revision = annotations(object.getMetadata()).get(REVISION);
    try {
      return revision == null ? -1 : Long.parseLong(revision.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The Deployment's own revision annotation, else the newest ReplicaSet's. */
  private static Long currentRevision(Deployment deployment, TreeMap<Long, ReplicaSet> revisions) {
    long own = revisionOf(deployment);
    if (own > 0) {
      return own;
    }
    return revisions.isEmpty() ? null : revisions.lastKey();
  }

  /** {@code image} for a one-container template, else {@code image.<container>} per container. */
  private static Map<String, String> images(PodTemplateSpec template) {
    Map<String, String> images = new LinkedHashMap<>();
    List<Container> containers =
        template == null || template.getSpec() == null
            ? List.of()
            : template.getSpec().getContainers();
    for (Container c : containers) {
      images.put(containers.size() == 1 ? "image" : "image." + c.getName(), c.getImage());
    }
    return images;
  }

  // ----------------------------------------------------------------------- REDIRECT_TRAFFIC

  MitigationResult redirectTraffic(MitigationRequest request) {
    ActionProposal action = request.action();
    Map<String, String> selector =
        parseSelector(action.parameters().get(ActionParameters.SELECTOR));
    String ns = action.namespace();
    Service service =
        KubernetesFailures.call(
            "get service " + ns + "/" + action.target(),
            () -> client.services().inNamespace(ns).withName(action.target()).get());
    if (service == null) {
      throw notFound("service " + ns + "/" + action.target());
    }
    Optional<MitigationResult> earlier = earlier(service, request);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    List<Pod> matching =
        KubernetesFailures.call(
            "list pods matching " + selectorText(selector) + " in " + ns,
            () -> client.pods().inNamespace(ns).withLabels(selector).list().getItems());
    if (matching.isEmpty()) {
      throw badRequest(
          "no pod in namespace "
              + ns
              + " matches selector "
              + selectorText(selector)
              + "; pointing service "
              + describe(service)
              + " at it would black-hole its traffic");
    }
    long ready = matching.stream().filter(KubernetesMitigations::ready).count();
    if (ready == 0) {
      throw badRequest(
          matching.size()
              + " pods in namespace "
              + ns
              + " match selector "
              + selectorText(selector)
              + " but none is Ready; pointing service "
              + describe(service)
              + " at them would black-hole its traffic");
    }
    Map<String, String> current =
        service.getSpec().getSelector() == null ? Map.of() : service.getSpec().getSelector();
    Map<String, String> before = Map.of("selector", selectorText(current));
    Map<String, String> after = Map.of("selector", selectorText(selector));
    String what =
        "redirect service "
            + describe(service)
            + " from selector "
            + before.get("selector")
            + " to "
            + after.get("selector")
            + " ("
            + ready
            + " of "
            + matching.size()
            + " matching pods ready)";
    if (request.dryRun()) {
      return dryRun(what, before, after);
    }
    change(
        "redirect service " + describe(service),
        () ->
            client
                .services()
                .resource(service)
                .edit(
                    recorded(
                        request,
                        before,
                        after,
                        s -> {
                          s.getSpec().setSelector(new LinkedHashMap<>(selector));
                          return s;
                        })));
    return done(request, what, before, after);
  }

  /** {@code key=value,key=value} as a map; anything else is BAD_REQUEST. */
  static Map<String, String> parseSelector(String text) {
    if (text == null || text.isBlank()) {
      throw badRequest("parameter '" + ActionParameters.SELECTOR + "' is missing");
    }
    Map<String, String> selector = new TreeMap<>();
    for (String pair : text.split(",", -1)) {
      String[] parts = pair.trim().split("=", -1);
      if (parts.length != 2
          || parts[0].isBlank()
          || parts[1].isBlank()
          || !LABEL_KEY.matcher(parts[0].trim()).matches()
          || !LABEL_VALUE.matcher(parts[1].trim()).matches()) {
        throw badRequest(
            "selector '"
                + text
                + "' is malformed: expected key=value[,key=value...] with label keys and values");
      }
      if (selector.put(parts[0].trim(), parts[1].trim()) != null) {
        throw badRequest("selector '" + text + "' names key '" + parts[0].trim() + "' twice");
      }
    }
    return selector;
  }

  private static String selectorText(Map<String, String> selector) {
    return new TreeMap<>(selector)
        .entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(","));
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  // --------------------------------------------------------------------------- READ_REPLICA

  /**
   * Sets the ConfigMap entry, then rollout-restarts the deployment. Each step leaves the key on its
   * object, so a retry after a crash between them skips the ConfigMap and still restarts.
   */
  MitigationResult readReplica(MitigationRequest request) {
    ActionProposal action = request.action();
    String key = requiredParameter(action, ActionParameters.KEY);
    String value = requiredParameter(action, ActionParameters.VALUE);
    String deploymentName = requiredParameter(action, ActionParameters.DEPLOYMENT);
    String ns = action.namespace();
    ConfigMap configMap =
        KubernetesFailures.call(
            "get configmap " + ns + "/" + action.target(),
            () -> client.configMaps().inNamespace(ns).withName(action.target()).get());
    if (configMap == null) {
      throw notFound("configmap " + ns + "/" + action.target());
    }
    Deployment deployment = requireDeployment(ns, deploymentName);
    Optional<MitigationResult> configDone = earlier(configMap, request);
    Optional<MitigationResult> restartDone = earlier(deployment, request);
    if (configDone.isPresent() && restartDone.isPresent()) {
      return new MitigationResult(
          "already done by " + request.idempotencyKey() + ": " + configDone.get().summary(),
          merged(configDone.get().before(), restartDone.get().before()),
          merged(configDone.get().after(), restartDone.get().after()));
    }
    Map<String, String> configBefore;
    Map<String, String> configAfter;
    String what;
    if (configDone.isPresent()) {
      configBefore = configDone.get().before();
      configAfter = configDone.get().after();
      what = "set configmap " + describe(configMap) + " " + key + " (done earlier)";
    } else {
      String old = configMap.getData() == null ? null : configMap.getData().get(key);
      configBefore = Map.of("data." + key, old == null ? "unset" : mask(old));
      configAfter = Map.of("data." + key, mask(value));
      what =
          "set configmap "
              + describe(configMap)
              + " "
              + key
              + " from "
              + configBefore.get("data." + key)
              + " to "
              + configAfter.get("data." + key);
      if (!request.dryRun()) {
        change(
            "set configmap " + describe(configMap) + " " + key,
            () ->
                client
                    .configMaps()
                    .resource(configMap)
                    .edit(
                        recorded(
                            request,
                            configBefore,
                            configAfter,
                            c -> {
                              if (c.getData() == null) {
                                c.setData(new LinkedHashMap<>());
                              }
                              c.getData().put(key, value);
                              return c;
                            })));
      }
    }
    MitigationResult restarted =
        restartDone.orElseGet(() -> restart(request, deployment, "restart"));
    Map<String, String> before = merged(configBefore, restarted.before());
    Map<String, String> after = merged(configAfter, restarted.after());
    String summary = what + ", then rollout restart deployment " + describe(deployment);
    if (request.dryRun()) {
      return dryRun(summary, before, after);
    }
    log.info("Mitigation {}: {}", request.idempotencyKey(), summary);
    return new MitigationResult(summary, before, after);
  }

  /**
   * {@code value} with the password of a {@code scheme://user:password@host} URL masked; results go
   * to the timeline and chat, where a credential must not.
   */
  static String mask(String value) {
    return URL_PASSWORD.matcher(value).replaceAll("$1****$3");
  }

  // ----------------------------------------------------------------------------- DRAIN_NODE

  /**
   * Cordon, then evict every pod but DaemonSet and mirror pods (as {@code kubectl drain
   * --ignore-daemonsets}). An eviction a PodDisruptionBudget refuses (429) leaves the node cordoned
   * and fails with a retryable CONFLICT; the retry finds its own cordon and continues evicting.
   */
  MitigationResult drainNode(MitigationRequest request) {
    ActionProposal action = request.action();
    String name = action.target();
    Node node =
        KubernetesFailures.call("get node " + name, () -> client.nodes().withName(name).get());
    if (node == null) {
      throw notFound("node " + name);
    }
    List<Pod> onNode =
        KubernetesFailures.call(
                "list pods on node " + name, () -> client.pods().inAnyNamespace().list().getItems())
            .stream()
            // Filtered here, not by a spec.nodeName field selector, which the fabric8 CRUD mock
            // cannot serve; a drain is rare enough for one cluster-wide list.
            .filter(p -> p.getSpec() != null && name.equals(p.getSpec().getNodeName()))
            .sorted(Comparator.comparing(KubernetesMitigations::describe))
            .toList();
    List<String> skipped = new ArrayList<>();
    List<Pod> toEvict = new ArrayList<>();
    for (Pod pod : onNode) {
      if (daemonSetPod(pod)) {
        skipped.add(describe(pod) + " (DaemonSet)");
      } else if (annotations(pod.getMetadata()).containsKey(MIRROR_POD)) {
        skipped.add(describe(pod) + " (mirror pod)");
      } else if (pod.getMetadata().getDeletionTimestamp() != null) {
        skipped.add(describe(pod) + " (already terminating)");
      } else {
        toEvict.add(pod);
      }
    }
    List<String> forbidden =
        toEvict.stream()
            .filter(p -> !guardrails.allowsNamespace(p.getMetadata().getNamespace()))
            .map(KubernetesMitigations::describe)
            .toList();
    if (!forbidden.isEmpty()) {
      throw Guardrails.refused(
          "draining node "
              + name
              + " would evict pods in namespaces not in incident.mitigation.namespaces: "
              + String.join(", ", forbidden));
    }
    // kubectl drain refuses these without --force: nothing would recreate them elsewhere.
    List<String> unmanaged =
        toEvict.stream().filter(p -> !controlled(p)).map(KubernetesMitigations::describe).toList();
    if (!unmanaged.isEmpty()) {
      throw badRequest(
          "draining node "
              + name
              + " would delete pods no controller recreates: "
              + String.join(", ", unmanaged)
              + "; move or delete them by hand first");
    }
    boolean wasUnschedulable = Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    Optional<MitigationResult> cordoned = earlier(node, request);
    if (cordoned.isPresent() && toEvict.isEmpty()) {
      return cordoned.get();
    }
    Map<String, String> before =
        cordoned
            .map(MitigationResult::before)
            .orElse(Map.of("unschedulable", String.valueOf(wasUnschedulable)));
    Map<String, String> cordonAfter = Map.of("unschedulable", "true");
    String podList =
        toEvict.isEmpty()
            ? "none"
            : toEvict.stream()
                .map(KubernetesMitigations::describe)
                .collect(Collectors.joining(","));
    if (request.dryRun()) {
      Map<String, String> after = new LinkedHashMap<>(cordonAfter);
      after.put("evicted", podList);
      after.put("skipped", skipped.isEmpty() ? "none" : String.join(",", skipped));
      return dryRun(
          "cordon node " + name + " and evict " + toEvict.size() + " pods (" + podList + ")",
          before,
          after);
    }
    if (cordoned.isEmpty()) {
      change(
          "cordon node " + name,
          () ->
              client
                  .nodes()
                  .resource(node)
                  .edit(
                      recorded(
                          request,
                          before,
                          cordonAfter,
                          n -> {
                            n.getSpec().setUnschedulable(true);
                            return n;
                          })));
    }
    List<String> evicted = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (Pod pod : toEvict) {
      String ns = pod.getMetadata().getNamespace();
      String podName = pod.getMetadata().getName();
      boolean accepted;
      try {
        accepted = evictions.pods().inNamespace(ns).withName(podName).evict();
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          accepted = true; // gone meanwhile: what an eviction wants
        } else {
          throw KubernetesFailures.classify(
              "evict pod "
                  + describe(pod)
                  + " from node "
                  + name
                  + " (cordoned; evicted so far: "
                  + (evicted.isEmpty() ? "none" : String.join(",", evicted))
                  + ")",
              e);
        }
      }
      (accepted ? evicted : refused).add(describe(pod));
    }
    Map<String, String> after = new LinkedHashMap<>(cordonAfter);
    after.put("evicted", evicted.isEmpty() ? "none" : String.join(",", evicted));
    after.put("skipped", skipped.isEmpty() ? "none" : String.join(",", skipped));
    if (!refused.isEmpty()) {
      after.put("refused", String.join(",", refused));
      String message =
          "node "
              + name
              + " cordoned; evicted "
              + after.get("evicted")
              + "; a PodDisruptionBudget refused evicting "
              + String.join(",", refused)
              + " (retry continues the drain)";
      log.warn("Mitigation {}: {}", request.idempotencyKey(), message);
      throw ApplicationFailure.newFailure(message, FailureType.CONFLICT.type(), before, after);
    }
    String what =
        (cordoned.isPresent()
                ? "continued draining node "
                : wasUnschedulable ? "node already cordoned; drained node " : "cordoned node ")
            + name
            + " and evicted "
            + evicted.size()
            + " pods ("
            + after.get("evicted")
            + ")";
    log.info("Mitigation {}: {}", request.idempotencyKey(), what);
    return new MitigationResult(what, before, after);
  }

  private static boolean controlled(Pod pod) {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    return owners != null && owners.stream().anyMatch(o -> Boolean.TRUE.equals(o.getController()));
  }

  private static boolean daemonSetPod(Pod pod) {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    return owners != null && owners.stream().anyMatch(o -> "DaemonSet".equals(o.getKind()));
  }

  // -------------------------------------------------------------------------------- helpers

  private Deployment requireDeployment(String ns, String name) {
    Deployment deployment =
        KubernetesFailures.call(
            "get deployment " + ns + "/" + name,
            () -> client.apps().deployments().inNamespace(ns).withName(name).get());
    if (deployment == null) {
      throw notFound("deployment " + ns + "/" + name);
    }
    return deployment;
  }

  /**
   * The earlier run's result when {@code object} carries this request's key: the retry reports it
   * instead of acting on whatever the object looks like now.
   */
  private Optional<MitigationResult> earlier(HasMetadata object, MitigationRequest request) {
    Map<String, String> annotations = annotations(object.getMetadata());
    if (!request.idempotencyKey().equals(annotations.get(ACTION))) {
      return Optional.empty();
    }
    String summary =
        "already done by "
            + request.idempotencyKey()
            + " at "
            + annotations.getOrDefault(AT, "an unknown time")
            + " on "
            + object.getKind().toLowerCase(Locale.ROOT)
            + " "
            + describe(object);
    log.info("Mitigation {}: {}", request.idempotencyKey(), summary);
    return Optional.of(
        new MitigationResult(
            summary, fromJson(annotations.get(BEFORE)), fromJson(annotations.get(AFTER))));
  }

  /** {@code change} plus the idempotency record, to go into one locked patch. */
  private <T extends HasMetadata> UnaryOperator<T> recorded(
      MitigationRequest request,
      Map<String, String> before,
      Map<String, String> after,
      UnaryOperator<T> change) {
    String at = now();
    return object -> {
      T changed = change.apply(object);
      Map<String, String> annotations = annotations(changed.getMetadata());
      annotations.put(ACTION, request.idempotencyKey());
      annotations.put(BEFORE, toJson(before));
      annotations.put(AFTER, toJson(after));
      annotations.put(AT, at);
      return changed;
    };
  }

  /**
   * Reports a dry run, or edits {@code deployment} (as read, so a concurrent change is a 409) with
   * {@code change} and this request's record in one write.
   */
  private MitigationResult editDeployment(
      MitigationRequest request,
      Deployment deployment,
      String call,
      String what,
      Map<String, String> before,
      Map<String, String> after,
      UnaryOperator<Deployment> change) {
    if (request.dryRun()) {
      return dryRun(what, before, after);
    }
    change(
        call,
        () ->
            client
                .apps()
                .deployments()
                .resource(deployment)
                .edit(recorded(request, before, after, change)));
    return done(request, what, before, after);
  }

  private static void change(String what, Supplier<?> call) {
    KubernetesFailures.call(what, call);
  }

  private MitigationResult done(
      MitigationRequest request,
      String what,
      Map<String, String> before,
      Map<String, String> after) {
    String summary = capitalizedPast(what);
    log.info("Mitigation {}: {}", request.idempotencyKey(), summary);
    return new MitigationResult(summary, before, after);
  }

  private static MitigationResult dryRun(
      String what, Map<String, String> before, Map<String, String> after) {
    String summary = "dry run: would " + what;
    log.info(summary);
    return new MitigationResult(summary, before, after);
  }

  /** "scale deployment ..." as "scaled deployment ...", for the timeline. */
  private static String capitalizedPast(String what) {
    for (String[] verb :
        new String[][] {
          {"scale ", "scaled "},
          {"restart ", "restarted "},
          {"roll back ", "rolled back "},
          {"redirect ", "redirected "},
        }) {
      if (what.startsWith(verb[0])) {
        return verb[1] + what.substring(verb[0].length());
      }
    }
    return what;
  }

  private String now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private String toJson(Map<String, String> map) {
    return client.getKubernetesSerialization().asJson(new TreeMap<>(map));
  }

  private Map<String, String> fromJson(String json) {
    Map<String, String> map = new LinkedHashMap<>();
    if (json == null || json.isBlank()) {
      return map;
    }
    try {
      Map<?, ?> raw = client.getKubernetesSerialization().unmarshal(json, Map.class);
      raw.forEach((k, v) -> map.put(String.valueOf(k), String.valueOf(v)));
    } catch (RuntimeException e) {
      map.put("unparsed", json);
    }
    return map;
  }

  private static Map<String, String> merged(Map<String, String> a, Map<String, String> b) {
    Map<String, String> merged = new LinkedHashMap<>(a);
    merged.putAll(b);
    return merged;
  }

  private static Map<String, String> annotations(ObjectMeta meta) {
    if (meta.getAnnotations() == null) {
      meta.setAnnotations(new LinkedHashMap<>());
    }
    return meta.getAnnotations();
  }

  private static Map<String, String> templateAnnotations(PodTemplateSpec template) {
    return template == null || template.getMetadata() == null
        ? Map.of()
        : annotations(template.getMetadata());
  }

  private static String describe(HasMetadata object) {
    String ns = object.getMetadata().getNamespace();
    return (ns == null || ns.isBlank() ? "" : ns + "/") + object.getMetadata().getName();
  }

  private static String requiredParameter(ActionProposal action, String key) {
    String value = action.parameters().get(key);
    if (value == null || value.isBlank()) {
      throw badRequest(
          action.type().slug() + " of " + action.target() + " needs parameter '" + key + "'");
    }
    return value;
  }

  private static int intParameter(ActionProposal action, String key) {
    String value = requiredParameter(action, key);
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw badRequest("parameter '" + key + "' must be a whole number, got '" + value + "'");
    }
  }

  private static ApplicationFailure notFound(String what) {
    return ApplicationFailure.newNonRetryableFailure(
        what + " not found", FailureType.NOT_FOUND.type());
  }

  private static ApplicationFailure badRequest(String why) {
    return ApplicationFailure.newNonRetryableFailure(why, FailureType.BAD_REQUEST.type());
  }
}
