package io.incidentresponse.activities.postmortem;

/** One section of the postmortem document; the renderer writes them in the template's order. */
interface DocumentSection {
  /** Appends the section's Markdown, ending with a blank line. */
  void write(StringBuilder out);
}
