package io.incidentresponse.workflows.incident;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * Typed search attributes of incident workflows, for lists and reports as visibility queries, e.g.
 * {@code IncidentPhase = 'MITIGATING' AND IncidentSeverity IN ('P0','P1')}. They must be registered
 * on the namespace ({@code temporal operator search-attribute create}).
 */
public final class IncidentSearchAttributes {
  public static final SearchAttributeKey<String> SEVERITY =
      SearchAttributeKey.forKeyword("IncidentSeverity");
  public static final SearchAttributeKey<String> SERVICE =
      SearchAttributeKey.forKeyword("IncidentService");

  /**
   * The longest service name {@link #SERVICE} keeps whole: the workflow bounds a longer one, so a
   * start may name a service in it only up to this length.
   */
  public static final int MAX_SERVICE = IncidentContext.MAX_NAME;

  public static final SearchAttributeKey<String> PHASE =
      SearchAttributeKey.forKeyword("IncidentPhase");
  public static final SearchAttributeKey<Boolean> ACKNOWLEDGED =
      SearchAttributeKey.forBoolean("IncidentAcknowledged");

  /**
   * True on a drill's incident ({@code IncidentDrill = true}); absent on a real one, so real
   * incidents are {@code IncidentDrill IS NULL}.
   */
  public static final SearchAttributeKey<Boolean> DRILL =
      SearchAttributeKey.forBoolean("IncidentDrill");

  /** Every one of them, for registering them on a namespace. */
  public static List<SearchAttributeKey<?>> all() {
    return List.of(SEVERITY, SERVICE, PHASE, ACKNOWLEDGED, DRILL);
  }

  private IncidentSearchAttributes() {}
}
