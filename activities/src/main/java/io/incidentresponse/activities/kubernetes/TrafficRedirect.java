package io.incidentresponse.activities.kubernetes;

import static io.incidentresponse.activities.kubernetes.ActionArguments.badRequest;
import static io.incidentresponse.activities.kubernetes.ActionArguments.notFound;
import static io.incidentresponse.activities.kubernetes.KubernetesObjects.describe;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.incidentresponse.workflows.mitigation.ActionParameters;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.MitigationRequest;
import io.incidentresponse.workflows.mitigation.MitigationResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * REDIRECT_TRAFFIC: points a Service at the pods of another label selector (a canary, a healthy
 * version), after checking that some of them are Ready, so the redirect cannot black-hole the
 * traffic. The new selector and the {@link ActionRecord} go into the Service in one patch.
 */
final class TrafficRedirect {
  /** A label key (optional DNS prefix) and a label value, as the API server validates them. */
  private static final Pattern LABEL_KEY =
      Pattern.compile(
          "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
              + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

  private static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

  private final KubernetesClient client;
  private final ActionRecord record;

  TrafficRedirect(KubernetesClient client, ActionRecord record) {
    this.client = client;
    this.record = record;
  }

  MitigationResult redirectTraffic(MitigationRequest request) {
    ActionProposal action = request.action();
    Map<String, String> selector =
        parseSelector(action.parameters().get(ActionParameters.SELECTOR));
    Service service = requireService(action.namespace(), action.target());
    Optional<MitigationResult> earlier = record.earlier(service, request);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    List<Pod> matching = requireReadyPods(action.namespace(), service, selector);
    long ready = matching.stream().filter(TrafficRedirect::ready).count();
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
      return ActionRecord.dryRun(what, before, after);
    }
    KubernetesFailures.call(
        "redirect service " + describe(service),
        () ->
            client
                .services()
                .resource(service)
                .edit(
                    record.recorded(
                        request,
                        before,
                        after,
                        s -> {
                          s.getSpec().setSelector(new LinkedHashMap<>(selector));
                          return s;
                        })));
    return ActionRecord.done(request, what, before, after);
  }

  private Service requireService(String ns, String name) {
    Service service =
        KubernetesFailures.call(
            "get service " + ns + "/" + name,
            () -> client.services().inNamespace(ns).withName(name).get());
    if (service == null) {
      throw notFound("service " + ns + "/" + name);
    }
    return service;
  }

  /**
   * The pods in namespace {@code ns} that {@code selector} matches; BAD_REQUEST when none does or
   * none of them is Ready.
   */
  private List<Pod> requireReadyPods(String ns, Service service, Map<String, String> selector) {
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
    if (matching.stream().noneMatch(TrafficRedirect::ready)) {
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
    return matching;
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
}
