package io.incidentresponse.activities.kubernetes;

import static io.incidentresponse.activities.kubernetes.KubernetesObjects.annotations;
import static io.incidentresponse.activities.kubernetes.KubernetesObjects.describe;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.incidentresponse.workflows.mitigation.MitigationRequest;
import io.incidentresponse.workflows.mitigation.MitigationResult;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotency of every Kubernetes mitigation: the record a change leaves on the object it
 * changed, and the result a run reports.
 *
 * <p>Contract: a mitigation edits its object with one locked patch ({@code edit} on the object as
 * read, so a concurrent change surfaces as a 409 CONFLICT) whose function is {@link #recorded}: the
 * change plus the annotations {@value #ACTION} (the request's idempotency key), {@value #BEFORE},
 * {@value #AFTER} (the result's maps, as JSON) and {@value #AT} (when, to the second). The change
 * and its record land together or not at all. Before acting, a mitigation asks {@link #earlier}: a
 * retry that finds its own key reports the earlier run ("already done by ...") with the recorded
 * before/after, and acts on nothing; a retry that finds no key found nothing changed and acts
 * afresh on the current state. A record is replaced by the next mitigation of the same object, so
 * only the latest key on an object is known. Two-step mitigations record each step on its own
 * object (see {@link ReadReplicaSwitch} and {@link NodeDrain}).
 */
final class ActionRecord {
  private static final Logger log = LoggerFactory.getLogger(ActionRecord.class);

  static final String ACTION = "incident-response.io/action";
  static final String BEFORE = "incident-response.io/before";
  static final String AFTER = "incident-response.io/after";
  static final String AT = "incident-response.io/at";

  private final KubernetesClient client;
  private final Clock clock;

  ActionRecord(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * The earlier run's result when {@code object} carries this request's key: the retry reports it
   * instead of acting on whatever the object looks like now.
   */
  Optional<MitigationResult> earlier(HasMetadata object, MitigationRequest request) {
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

  /**
   * {@code change} plus this request's record, as the function of one locked {@code edit}: the
   * object is changed and marked in the same write.
   */
  <T extends HasMetadata> UnaryOperator<T> recorded(
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

  /** The clock's now to the second, as the record and the restartedAt annotation show it. */
  String now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** The result of a change just made: {@code what} in the past tense, for the timeline. */
  static MitigationResult done(
      MitigationRequest request,
      String what,
      Map<String, String> before,
      Map<String, String> after) {
    String summary = capitalizedPast(what);
    log.info("Mitigation {}: {}", request.idempotencyKey(), summary);
    return new MitigationResult(summary, before, after);
  }

  /** The result of a dry run: what would change, nothing changed. */
  static MitigationResult dryRun(
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
}
