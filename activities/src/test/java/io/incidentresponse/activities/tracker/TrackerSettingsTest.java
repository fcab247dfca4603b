package io.incidentresponse.activities.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code incident.tracker.*}: left out means none; given but unusable stops the worker. */
class TrackerSettingsTest {

  private static TrackerSettings settings(
      String kind, String url, String project, String token, String tokenFile, Duration poll) {
    return new TrackerSettings(
        kind, url, project, null, null, token, tokenFile, null, poll, null, null);
  }

  @Test
  void leftOut_isNoTracker() {
    TrackerSettings none = settings("", null, null, null, null, null);

    assertThat(none.configured()).isFalse();
    assertThat(none.pollEvery()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void github_takesTheApiByDefault_andNamesTheRepository() {
    TrackerSettings github = settings("GitHub", null, "acme/shop", "t", null, null);

    assertThat(github.url()).isEqualTo("https://api.github.com");
    assertThat(github.name()).isEqualTo("GitHub acme/shop");
    assertThat(github.labels()).containsExactly("incident-follow-up");
  }

  @Test
  void unknownKind_isRefusedNamingTheProperty() {
    assertThatThrownBy(() -> settings("gitlab", null, "acme/shop", "t", null, null))
        .hasMessageContaining("incident.tracker.kind");
  }

  @Test
  void githubProjectThatIsNotOwnerSlashRepo_isRefused() {
    assertThatThrownBy(() -> settings("github", null, "shop", "t", null, null))
        .hasMessageContaining("incident.tracker.project must be owner/repo");
  }

  @Test
  void jiraWithoutItsSite_isRefused() {
    assertThatThrownBy(() -> settings("jira", null, "OPS", "t", null, null))
        .hasMessageContaining("incident.tracker.url is required");
  }

  @Test
  void noCredential_isRefusedNamingBothWays() {
    assertThatThrownBy(() -> settings("github", null, "acme/shop", " ", null, null))
        .hasMessageContaining("incident.tracker.token")
        .hasMessageContaining("incident.tracker.token-file");
  }

  @Test
  void pollingMoreOftenThanAMinute_isRefused() {
    assertThatThrownBy(
            () -> settings("github", null, "acme/shop", "t", null, Duration.ofSeconds(10)))
        .hasMessageContaining("incident.tracker.poll-every");
  }

  @Test
  void tokenFile_isReadAtEveryCall_andTheTokenIsNeverPrinted(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "first-secret\n");
    TrackerSettings github = settings("github", null, "acme/shop", null, file.toString(), null);
    assertThat(github.credential()).isEqualTo("first-secret");

    Files.writeString(file, "rotated-secret");
    assertThat(github.credential()).isEqualTo("rotated-secret");
    TrackerSettings withToken = settings("github", null, "acme/shop", "s3cret", null, null);
    assertThat(withToken.toString()).doesNotContain("s3cret").contains("token=(set)");
  }

  @Test
  void missingTokenFile_isRefusedAtStartUp(@TempDir Path dir) {
    String missing = dir.resolve("nope").toString();

    assertThatThrownBy(() -> settings("github", null, "acme/shop", null, missing, null))
        .hasMessageContaining("incident.tracker.token-file");
  }
}
