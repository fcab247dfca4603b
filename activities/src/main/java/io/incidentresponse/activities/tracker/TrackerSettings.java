package io.incidentresponse.activities.tracker;

import static io.incidentresponse.activities.SettingChecks.baseUrl;
import static io.incidentresponse.activities.SettingChecks.blank;

import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The issue tracker that postmortem action items are synchronised with ({@code incident.tracker.*}
 * ). Left out ({@code kind} empty), items are followed without one. Checked at start-up: a tracker
 * named but not usable stops the worker with a message naming the property.
 *
 * @param kind {@code github} (GitHub Issues, REST v3) or {@code jira} (Jira Cloud or Server/Data
 *     Center, REST v2); empty for none
 * @param url the API base: default {@code https://api.github.com} for GitHub (GitHub Enterprise
 *     Server: {@code https://ghe.example.com/api/v3}); the site for Jira, e.g. {@code
 *     https://acme.atlassian.net} (required)
 * @param project GitHub {@code owner/repo}, or the Jira project key (e.g. {@code OPS})
 * @param issueType the Jira issue type of a new ticket; default {@code Task}
 * @param labels labels put on every ticket; default {@code incident-follow-up}
 * @param token the API token (GitHub token; Jira Cloud API token with {@code email}, or a Jira
 *     Server/Data Center personal access token without); from the environment
 * @param tokenFile a file holding the token instead (a mounted secret); read at every call, so a
 *     rotated token is picked up
 * @param email Jira Cloud: the account the API token belongs to (basic auth); empty for a bearer
 *     personal access token
 * @param pollEvery how often the tickets of open items are read back; default 1 day, at least 1
 *     minute; they are also read before each owner reminder and overdue notice
 * @param apiVersion GitHub's {@code X-GitHub-Api-Version}; default {@code 2022-11-28}
 * @param wontDoResolutions Jira resolutions that mean the item was dropped (any other resolution of
 *     a done ticket means done); default Won't Do, Won't Fix, Duplicate, Cannot Reproduce, Declined
 */
public record TrackerSettings(
    String kind,
    String url,
    String project,
    String issueType,
    List<String> labels,
    String token,
    String tokenFile,
    String email,
    Duration pollEvery,
    String apiVersion,
    List<String> wontDoResolutions) {

  public static final String GITHUB = "github";
  public static final String JIRA = "jira";
  private static final Pattern GITHUB_REPO = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
  private static final Pattern JIRA_KEY = Pattern.compile("[A-Z][A-Z0-9_]*");

  public TrackerSettings {
    kind = blank(kind) ? null : kind.strip().toLowerCase(Locale.ROOT);
    if (kind != null && !kind.equals(GITHUB) && !kind.equals(JIRA)) {
      throw new IllegalArgumentException(
          "incident.tracker.kind must be github or jira (or empty for none), was " + kind);
    }
    project = blank(project) ? null : project.strip();
    issueType = blank(issueType) ? "Task" : issueType.strip();
    labels =
        labels == null || labels.isEmpty()
            ? List.of("incident-follow-up")
            : labels.stream().filter(label -> !blank(label)).map(String::strip).toList();
    email = blank(email) ? null : email.strip();
    apiVersion = blank(apiVersion) ? "2022-11-28" : apiVersion.strip();
    wontDoResolutions =
        wontDoResolutions == null || wontDoResolutions.isEmpty()
            ? List.of("Won't Do", "Won't Fix", "Duplicate", "Cannot Reproduce", "Declined")
            : wontDoResolutions.stream().filter(r -> !blank(r)).map(String::strip).toList();
    if (pollEvery != null && pollEvery.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException(
          "incident.tracker.poll-every must be at least 1 minute, was " + pollEvery);
    }
    pollEvery = pollEvery == null ? Duration.ofDays(1) : pollEvery;
    if (kind == null) {
      url = blank(url) ? null : baseUrl("incident.tracker.url", url);
    } else {
      url = checked(kind, url, project, token, tokenFile);
    }
  }

  private static String checked(
      String kind, String url, String project, String token, String tokenFile) {
    if (project == null) {
      throw new IllegalArgumentException(
          "incident.tracker.project is required with incident.tracker.kind="
              + kind
              + (kind.equals(GITHUB) ? " (owner/repo)" : " (the Jira project key)"));
    }
    if (kind.equals(GITHUB) && !GITHUB_REPO.matcher(project).matches()) {
      throw new IllegalArgumentException(
          "incident.tracker.project must be owner/repo for GitHub, e.g. acme/shop");
    }
    if (kind.equals(JIRA) && !JIRA_KEY.matcher(project).matches()) {
      throw new IllegalArgumentException(
          "incident.tracker.project must be a Jira project key for Jira, e.g. OPS");
    }
    if (blank(token) && blank(tokenFile)) {
      throw new IllegalArgumentException(
          "incident.tracker.token (INCIDENT_TRACKER_TOKEN) or incident.tracker.token-file is"
              + " required with incident.tracker.kind="
              + kind);
    }
    if (!blank(tokenFile) && !Files.isReadable(Path.of(tokenFile.strip()))) {
      throw new IllegalArgumentException(
          "incident.tracker.token-file is not a readable file: " + tokenFile.strip());
    }
    if (kind.equals(JIRA) && blank(url)) {
      throw new IllegalArgumentException(
          "incident.tracker.url is required with incident.tracker.kind=jira, e.g."
              + " https://acme.atlassian.net");
    }
    return blank(url) ? "https://api.github.com" : baseUrl("incident.tracker.url", url);
  }

  /** Whether a tracker is configured. */
  public boolean configured() {
    return kind != null;
  }

  /** How events and tickets name the tracker, e.g. {@code GitHub acme/shop} or {@code Jira OPS}. */
  public String name() {
    return (GITHUB.equals(kind) ? "GitHub " : "Jira ") + project;
  }

  /** The token: from the file when one is set (read now, so a rotated one counts), else given. */
  String credential() {
    if (blank(tokenFile)) {
      return token.strip();
    }
    try {
      return Files.readString(Path.of(tokenFile.strip()), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      // A secret being remounted: retried, and reported if it stays unreadable.
      throw ApplicationFailure.newFailure(
          "incident.tracker.token-file could not be read: " + e.getClass().getSimpleName(),
          FailureType.UNAVAILABLE.type());
    }
  }

  /** Never prints the token. */
  @Override
  public String toString() {
    return "TrackerSettings[kind="
        + (kind == null ? "(none)" : kind)
        + ", url="
        + url
        + ", project="
        + project
        + ", issueType="
        + issueType
        + ", labels="
        + labels
        + ", token="
        + (blank(token) ? "(none)" : "(set)")
        + ", tokenFile="
        + (blank(tokenFile) ? "(none)" : tokenFile)
        + ", email="
        + email
        + ", pollEvery="
        + pollEvery
        + "]";
  }
}
