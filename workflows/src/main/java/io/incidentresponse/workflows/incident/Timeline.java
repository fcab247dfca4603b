package io.incidentresponse.workflows.incident;

import java.time.Instant;
import java.util.List;

/**
 * The incident's timeline kept bounded, whatever arrives: past {@link #LIMIT} entries the oldest
 * after the first {@link #HEAD} (the opening of the story) give way to one line counting them, so
 * the state (the {@code state} query, continue-as-new) stays within Temporal's payload limit.
 */
final class Timeline {
  /** Entries kept: the first {@link #HEAD} and the latest, up to this many in all. */
  static final int LIMIT = 500;

  static final int HEAD = 100;

  private Timeline() {}

  /** Appends {@code entry} to the state's timeline, leaving out the oldest past the limit. */
  static void append(IncidentState s, TimelineEntry entry) {
    List<TimelineEntry> timeline = s.timeline;
    timeline.add(entry);
    while (timeline.size() > LIMIT) {
      boolean first = s.timelineOmitted == 0;
      TimelineEntry omitted = timeline.remove(first ? HEAD : HEAD + 1);
      s.timelineOmitted++;
      Instant since = first ? omitted.at() : timeline.get(HEAD).at();
      TimelineEntry marker =
          new TimelineEntry(
              since,
              TimelineEntry.SYSTEM,
              s.timelineOmitted + " timeline entries omitted here",
              "The timeline keeps its first "
                  + HEAD
                  + " and latest "
                  + (LIMIT - HEAD - 1)
                  + " entries");
      if (first) {
        timeline.add(HEAD, marker);
      } else {
        timeline.set(HEAD, marker);
      }
    }
  }
}
