package io.incidentresponse.workflows.incident;

/** {@code {"by":"alice","text":"customer reports from EU"}}. */
public record NoteRequest(String by, String text) implements PersonSignalInput {}
