package io.incidentresponse.workflows.policy;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.EncodingKeys;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Response policies every worker knows by name, so that a new incident's input may name its policy
 * instead of carrying it (issue 18): the policy is about 1.9 KB of a one-alert incident's 2.4 KB
 * input, and the Temporal SDK keeps the run's started event, input included, for as long as the
 * incident stays in the worker's cache, where a name is 33 bytes.
 *
 * <p>An edition is the runbook's defaults ({@link ResponsePolicy#defaults()}) as one release
 * encodes them: the exact JSON its starters would send inline (Temporal's default JSON converter),
 * frozen here as text and named by the SHA-256 of that text. A starter names a policy only when its
 * JSON is, byte for byte, an edition's ({@link #nameOf}); a worker resolves the name to that text
 * and decodes it as it would have decoded the same JSON inline ({@link #resolve}). Neither asks the
 * worker's own defaults or configuration, so an incident sees the same policy on every replay and
 * on every worker that knows the name, before and after an upgrade or a configuration change. A
 * policy configured away from the defaults is not an edition: it travels inline, as before.
 *
 * <p>Never edit or remove an edition: running incidents and their replays resolve their name to it
 * ({@code PolicyEditionsTest} pins each). When the runbook's defaults change, their new JSON is a
 * new edition beside the old ones (the same test fails until it is added; a starter meanwhile sends
 * the new defaults inline). A worker given a name it does not know (a starter newer than the worker
 * by an edition) fails the incident's workflow task with the name in the message, retried by
 * Temporal until a worker that knows the name takes it: it never runs an incident on a policy it
 * guessed.
 */
public final class PolicyEditions {

  /** The runbook's defaults since names replaced inline defaults (December 2026). */
  static final String DEFAULTS_2026_12 =
      "{\"responseTimes\":{\"P0\":900.000000000,\"P1\":3600.000000000,"
          + "\"P2\":14400.000000000},\"calendar\":{\"zone\":\"UTC\",\"dayStart\":\"09:00:00\","
          + "\"weekend\":[\"SATURDAY\",\"SUNDAY\"],\"holidays\":[]},"
          + "\"escalationLevels\":[\"primary-oncall\",\"secondary-oncall\",\"team-lead\","
          + "\"engineering-manager\",\"cto\"],\"updateCadence\":{\"P0\":1800.000000000,"
          + "\"P1\":3600.000000000},\"services\":{},\"defaultService\":{\"tier\":\"STANDARD\","
          + "\"userFacing\":false,\"statusPageComponent\":null,\"availabilityTarget\":null,"
          + "\"team\":null},\"statusPageMinImpact\":\"MEDIUM\",\"autoRunUpTo\":{\"P0\":\"LOW\","
          + "\"P1\":\"LOW\",\"P2\":\"LOW\"},\"approvers\":{},\"probes\":{\"POD_HEALTH\":30.000000000,"
          + "\"KUBERNETES_EVENTS\":30.000000000,\"ROLLOUT_HISTORY\":30.000000000,"
          + "\"NODE_HEALTH\":30.000000000,\"SERVICE_METRICS\":30.000000000,"
          + "\"ERROR_LOGS\":60.000000000,\"RECENT_CHANGES\":30.000000000,"
          + "\"DATABASE_CONNECTIONS\":30.000000000,\"GIT_CHANGES\":60.000000000,"
          + "\"POD_LOGS\":30.000000000,\"DEPENDENCIES\":60.000000000,\"TRACES\":30.000000000},"
          + "\"minimumMonitoringWindow\":600.000000000,\"verificationInterval\":300.000000000,"
          + "\"maxActionsPerIncident\":5,\"dryRun\":false,"
          + "\"postmortemReviewWithin\":604800.000000000,\"closeWithin\":86400.000000000,"
          + "\"defaultNamespace\":\"default\",\"continueAsNewAfterEvents\":5000,"
          + "\"maxAlertsPerIncident\":2000,\"postmortem\":{\"reviewWithin\":604800.000000000,"
          + "\"reviewLength\":3600.000000000,\"remindAfter\":[259200.000000000,"
          + "518400.000000000],\"escalateAfter\":691200.000000000,\"teamLead\":null,"
          + "\"facilitator\":null,\"zone\":\"UTC\",\"remindItemsBefore\":172800.000000000,"
          + "\"remindOverdueEvery\":604800.000000000,\"continueAsNewAfterEvents\":2000},"
          + "\"impactAssessmentBy\":[\"P0\",\"P1\"],\"pagingUrgency\":{\"P0\":\"HIGH\",\"P1\":\"HIGH\","
          + "\"P2\":\"LOW\"},\"actionRisk\":{\"SCALE\":\"LOW\",\"RESTART\":\"MEDIUM\",\"ROLLBACK\":\"HIGH\","
          + "\"CIRCUIT_BREAKER\":\"MEDIUM\",\"REDIRECT_TRAFFIC\":\"HIGH\","
          + "\"TERMINATE_QUERIES\":\"HIGH\",\"READ_REPLICA\":\"HIGH\",\"DRAIN_NODE\":\"HIGH\","
          + "\"REPLACE_NODE\":\"HIGH\"},\"approvalsRequired\":{},\"verifiedIdentityFor\":[],"
          + "\"securityStatusPageText\":null}";

  /** What every name starts with: a name in a history says what it stands for. */
  static final String PREFIX = "runbook-defaults-";

  /** Every edition by name, oldest first. Only ever added to. */
  private static final Map<String, String> EDITIONS = editions(DEFAULTS_2026_12);

  /** Each edition decoded once in this JVM: one policy object for every incident that names it. */
  private static final Map<String, ResponsePolicy> DECODED = new ConcurrentHashMap<>();

  /**
   * Temporal's default JSON, as the starter's client encodes the input and the worker decodes it.
   */
  private static final JacksonJsonPayloadConverter JSON = new JacksonJsonPayloadConverter();

  private PolicyEditions() {}

  /**
   * The name of the edition whose JSON {@code policy} encodes to, byte for byte, or null when it is
   * none (a configured policy, or defaults newer than every edition): then it travels inline.
   */
  public static String nameOf(ResponsePolicy policy) {
    if (policy == null) {
      return null;
    }
    String json = JSON.toData(policy).orElseThrow().getData().toStringUtf8();
    String name = name(json);
    return json.equals(EDITIONS.get(name)) ? name : null;
  }

  /**
   * The policy {@code name} stands for, decoded from its edition's JSON (once in this JVM).
   *
   * @throws UnknownPolicyEdition when this worker knows no edition of that name: outside an
   *     application failure, so Temporal fails the workflow task and retries it, and the incident
   *     waits for a worker that knows the name
   */
  public static ResponsePolicy resolve(String name) {
    String json = EDITIONS.get(name);
    if (json == null) {
      throw new UnknownPolicyEdition(name);
    }
    return DECODED.computeIfAbsent(name, known -> decode(json));
  }

  /** The names this worker resolves, oldest first. */
  public static Set<String> names() {
    return EDITIONS.keySet();
  }

  /** The name of an edition whose JSON is {@code json}: its SHA-256, 64 bits of it in hex. */
  static String name(String json) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
      return PREFIX + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static ResponsePolicy decode(String json) {
    Payload payload =
        Payload.newBuilder()
            .putMetadata(
                EncodingKeys.METADATA_ENCODING_KEY, ByteString.copyFromUtf8(JSON.getEncodingType()))
            .setData(ByteString.copyFromUtf8(json))
            .build();
    return JSON.fromData(payload, ResponsePolicy.class, ResponsePolicy.class).shared();
  }

  private static Map<String, String> editions(String... jsons) {
    Map<String, String> editions = new LinkedHashMap<>();
    for (String json : jsons) {
      editions.put(name(json), json);
    }
    return java.util.Collections.unmodifiableMap(editions);
  }

  /** An input names a policy edition this worker does not know. */
  public static final class UnknownPolicyEdition extends IllegalStateException {
    UnknownPolicyEdition(String name) {
      super(
          "the incident's policy is named "
              + name
              + ", an edition of the runbook's defaults this worker does not know (it knows "
              + EDITIONS.keySet()
              + "): the incident waits for a worker at least as new as the starter that sent it;"
              + " or set incident.ingestion.policy-by-name=false on the starters to send the"
              + " policy whole");
    }
  }
}
