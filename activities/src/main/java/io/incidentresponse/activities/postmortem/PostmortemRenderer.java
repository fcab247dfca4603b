package io.incidentresponse.activities.postmortem;

import io.incidentresponse.activities.grafana.GrafanaLinks;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.postmortem.ActionItem;
import io.incidentresponse.workflows.postmortem.PostmortemInput;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Renders the runbook's blameless postmortem template as Markdown from an incident's record: the
 * facts (timeline, diagnosis, actions, times, impact) are filled in, and what only people can say
 * is marked {@value #TO_COMPLETE}. Pure: the same incident, items and settings always give the same
 * text (no clock is read), so a re-draft of an unchanged incident changes nothing. Each section of
 * the template is one {@link DocumentSection}, written in the template's order.
 */
public final class PostmortemRenderer {
  /** Marks what the review must write. */
  public static final String TO_COMPLETE = "_To be completed in the review_";

  private final PostmortemDocumentSettings settings;
  private final DocumentFormat format;
  private final GrafanaLinks dashboards;

  public PostmortemRenderer(ZoneId zone, PostmortemDocumentSettings settings) {
    this(zone, settings, GrafanaLinks.none());
  }

  /** With {@code dashboards}: the impact section links the dashboard over the incident's range. */
  public PostmortemRenderer(
      ZoneId zone, PostmortemDocumentSettings settings, GrafanaLinks dashboards) {
    // ZoneOffset.UTC prints as "Z"; people read "UTC".
    this.format =
        new DocumentFormat(zone == null || zone.equals(ZoneOffset.UTC) ? ZoneId.of("UTC") : zone);
    this.settings = settings == null ? PostmortemDocumentSettings.defaults() : settings;
    this.dashboards = dashboards == null ? GrafanaLinks.none() : dashboards;
  }

  public ZoneId zone() {
    return format.zone();
  }

  /**
   * The whole document for {@code incident}, measured against this renderer's settings alone;
   * {@code actionItems} may be empty (the first draft).
   */
  public String render(IncidentState incident, List<ActionItem> actionItems) {
    return render(new PostmortemInput(incident, null, null, actionItems));
  }

  /**
   * The whole document. The acknowledgement is measured against the input's response time and the
   * error budget against its availability target, each when present; else against this renderer's
   * settings ({@code responseTimes} for the incident's severity, {@code sloTarget}).
   */
  public String render(PostmortemInput input) {
    IncidentFacts facts =
        IncidentFacts.of(
            input.incident(), input.actionItems(), responseTime(input), sloTarget(input));
    StringBuilder out = new StringBuilder();
    for (DocumentSection section : sections(facts)) {
      section.write(out);
    }
    return out.toString();
  }

  private Duration responseTime(PostmortemInput input) {
    if (input.incident().severity == null) {
      return null;
    }
    return input.responseTime() != null
        ? input.responseTime()
        : settings.responseTimes().get(input.incident().severity);
  }

  private Double sloTarget(PostmortemInput input) {
    return input.availabilityTarget() != null ? input.availabilityTarget() : settings.sloTarget();
  }

  private List<DocumentSection> sections(IncidentFacts facts) {
    return List.of(
        new SummarySection(facts, format),
        new TimelineSection(facts, format, settings),
        new ResponderSection(facts, format),
        new RootCauseSection(facts, format),
        new ImpactSection(facts, format, settings, dashboards),
        new WentWellSection(facts, format),
        new WentPoorlySection(facts),
        new ActionItemsSection(facts),
        new LessonsSection(),
        new PhasesSection(facts, format));
  }
}
