package io.incidentresponse.workflows.drill;

/**
 * How a drill's incident says it is one wherever people read it: its title in every Slack message,
 * page, update and postmortem starts with {@link #PREFIX}, and its channel is named {@code
 * incident-drill-...}. Pure text, usable in workflow code.
 */
public final class DrillMark {
  /** What starts a drill incident's title in every message. */
  public static final String PREFIX = "[DRILL] ";

  /** The channel name's first part for a drill's incident, in place of {@code incident-}. */
  public static final String CHANNEL_PREFIX = "incident-drill-";

  private DrillMark() {}

  /** {@code title} as a drill's incident shows it; unchanged when {@code drill} is false. */
  public static String title(String title, boolean drill) {
    return drill ? PREFIX + (title == null ? "" : title) : title;
  }
}
