package io.incidentresponse.activities.postmortem;

import static io.incidentresponse.activities.postmortem.PostmortemRenderer.TO_COMPLETE;

/** Lessons Learned: only people can say them, so the draft leaves the template's three prompts. */
final class LessonsSection implements DocumentSection {
  @Override
  public void write(StringBuilder out) {
    out.append("## Lessons Learned\n");
    out.append("- ").append(TO_COMPLETE).append(": key takeaways.\n");
    out.append("- ").append(TO_COMPLETE).append(": process improvements.\n");
    out.append("- ").append(TO_COMPLETE).append(": technical improvements.\n\n");
  }
}
