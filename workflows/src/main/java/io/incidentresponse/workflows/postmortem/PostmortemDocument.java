package io.incidentresponse.workflows.postmortem;

/**
 * A published postmortem draft.
 *
 * @param location where it was published (a file path, or the git URL of the committed file)
 * @param link a URL people can open, or null when it is only a file
 * @param revision the git commit that holds it, or null when not published to git
 */
public record PostmortemDocument(String location, String link, String revision) {
  public PostmortemDocument(String location) {
    this(location, null, null);
  }
}
