package io.incidentresponse.activities.postmortem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.incidentresponse.activities.GitCredentialsRefused;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.postmortem.PostmortemDocument;
import io.temporal.failure.ApplicationFailure;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory and a real bare git repository (over file://) as the remote. */
class PostmortemPublisherTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T15:20:00Z"), ZoneOffset.UTC);
  private static final String FILE =
      PostmortemPublisher.fileName(
          ScriptedIncident.ID, ScriptedIncident.at("14:05"), ZoneId.of("UTC"));
  private static final String MESSAGE = "Postmortem draft for " + ScriptedIncident.ID;

  @TempDir Path temp;

  private PostmortemPublishingSettings git(String url, String token) {
    return new PostmortemPublishingSettings(
        temp.resolve("docs").toString(),
        url,
        null,
        null,
        null,
        token,
        "Postmortem Bot",
        "postmortems@example.com",
        temp.resolve("work").toString(),
        null,
        "https://git.example.com/sre/postmortems/blob/main/{path}");
  }

  private Path bareRemote() throws GitAPIException {
    Path remote = temp.resolve("remote.git");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(remote.toFile()).call().close();
    return remote;
  }

  private static List<RevCommit> log(Path bare) throws Exception {
    try (Git git = Git.open(bare.toFile())) {
      List<RevCommit> commits = new ArrayList<>();
      ObjectId main = git.getRepository().resolve("refs/heads/main");
      if (main == null) {
        return commits;
      }
      git.log().add(main).call().forEach(commits::add);
      return commits;
    }
  }

  private static String fileAt(Path bare, String path) throws IOException {
    try (Repository repo = Git.open(bare.toFile()).getRepository()) {
      RevCommit head = repo.parseCommit(repo.resolve("refs/heads/main"));
      try (TreeWalk walk = TreeWalk.forPath(repo, path, head.getTree())) {
        if (walk == null) {
          return null;
        }
        return new String(repo.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  private static ApplicationFailure failure(Throwable thrown) {
    assertThat(thrown).isInstanceOf(ApplicationFailure.class);
    return (ApplicationFailure) thrown;
  }

  @Test
  void publish_toTheDirectory_writesTheFileOnceAndReportsChangesOnly() throws IOException {
    PostmortemPublisher publisher =
        new PostmortemPublisher(
            PostmortemPublishingSettings.directoryOnly(temp.resolve("docs").toString()), CLOCK);

    PostmortemPublisher.Publication first = publisher.publish(FILE, "# v1\n", MESSAGE);
    PostmortemPublisher.Publication again = publisher.publish(FILE, "# v1\n", MESSAGE);
    PostmortemPublisher.Publication changed = publisher.publish(FILE, "# v2\n", MESSAGE);

    Path file = temp.resolve("docs").resolve(FILE);
    assertThat(FILE).isEqualTo("2026-11-26-1405-incident-checkout-higherrorrate-3f2a9c.md");
    assertThat(file).hasContent("# v2");
    assertThat(first.created()).isTrue();
    assertThat(first.changed()).isTrue();
    assertThat(first.document().location()).isEqualTo(file.toAbsolutePath().toString());
    assertThat(first.document().link()).isNull();
    assertThat(first.document().revision()).isNull();
    assertThat(again.created()).isFalse();
    assertThat(again.changed()).isFalse();
    assertThat(changed.created()).isFalse();
    assertThat(changed.changed()).isTrue();
    try (var files = Files.list(temp.resolve("docs"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(FILE);
    }
  }

  @Test
  void fileName_givenAnyIncidentId_staysInTheDirectoryAndDistinctIdsStayDistinct() {
    Instant at = ScriptedIncident.at("14:05");
    ZoneId utc = ZoneId.of("UTC");

    String traversal = PostmortemPublisher.fileName("../../etc/passwd", at, utc);
    String slash = PostmortemPublisher.fileName("a/b", at, utc);
    String dash = PostmortemPublisher.fileName("a-b", at, utc);
    String empty = PostmortemPublisher.fileName("..", at, utc);
    String berlin = PostmortemPublisher.fileName("a-b", at, ZoneId.of("Europe/Berlin"));

    assertThat(traversal)
        .doesNotContain("/")
        .startsWith("2026-11-26-1405-etc-passwd-")
        .endsWith(".md");
    assertThat(Path.of("/docs").resolve(traversal).normalize().getParent())
        .isEqualTo(Path.of("/docs"));
    assertThat(slash).isNotEqualTo(dash).matches("2026-11-26-1405-a-b-[0-9a-f]{8}\\.md");
    assertThat(dash).isEqualTo("2026-11-26-1405-a-b.md");
    assertThat(empty).matches("2026-11-26-1405-incident-[0-9a-f]{8}\\.md");
    assertThat(berlin).isEqualTo("2026-11-26-1505-a-b.md");
    assertThat(PostmortemPublisher.fileName("x".repeat(300), at, utc)).hasSizeLessThan(140);
  }

  @Test
  void publish_toGit_commitsAndPushesOnce_thenOnlyWhenTheTextChanges() throws Exception {
    Path remote = bareRemote();
    PostmortemPublisher publisher =
        new PostmortemPublisher(git(remote.toUri().toString(), null), CLOCK);

    PostmortemPublisher.Publication first = publisher.publish(FILE, "# v1\n", MESSAGE);

    List<RevCommit> afterFirst = log(remote);
    assertThat(afterFirst).hasSize(1);
    RevCommit commit = afterFirst.get(0);
    assertThat(commit.getFullMessage()).isEqualTo(MESSAGE);
    PersonIdent author = commit.getAuthorIdent();
    assertThat(author.getName()).isEqualTo("Postmortem Bot");
    assertThat(author.getEmailAddress()).isEqualTo("postmortems@example.com");
    assertThat(author.getWhenAsInstant()).isEqualTo(CLOCK.instant());
    assertThat(fileAt(remote, "postmortems/" + FILE)).isEqualTo("# v1\n");
    PostmortemDocument document = first.document();
    assertThat(document.revision()).isEqualTo(commit.name());
    assertThat(document.link())
        .isEqualTo("https://git.example.com/sre/postmortems/blob/main/postmortems/" + FILE);
    assertThat(document.location()).endsWith(" main:postmortems/" + FILE);
    assertThat(first.created()).isTrue();
    assertThat(first.changed()).isTrue();
    assertThat(temp.resolve("docs").resolve(FILE)).hasContent("# v1");

    PostmortemPublisher.Publication same = publisher.publish(FILE, "# v1\n", MESSAGE);

    assertThat(log(remote)).hasSize(1);
    assertThat(same.changed()).isFalse();
    assertThat(same.created()).isFalse();
    assertThat(same.document().revision()).isEqualTo(commit.name());

    PostmortemPublisher.Publication changed = publisher.publish(FILE, "# v2\n", MESSAGE);

    List<RevCommit> afterChange = log(remote);
    assertThat(afterChange).hasSize(2);
    assertThat(afterChange.get(0).getParent(0)).isEqualTo(commit);
    assertThat(fileAt(remote, "postmortems/" + FILE)).isEqualTo("# v2\n");
    assertThat(changed.changed()).isTrue();
    assertThat(changed.document().revision()).isEqualTo(afterChange.get(0).name());
  }

  @Test
  void publish_toGit_buildsOnWhatOthersPushed_andDropsItsOwnUnpushedCommit() throws Exception {
    Path remote = bareRemote();
    PostmortemPublisher publisher =
        new PostmortemPublisher(git(remote.toUri().toString(), null), CLOCK);
    publisher.publish(FILE, "# v1\n", MESSAGE);
    // Someone else adds a file to the repository...
    try (Git other =
        Git.cloneRepository()
            .setURI(remote.toUri().toString())
            .setDirectory(temp.resolve("other").toFile())
            .call()) {
      Files.writeString(temp.resolve("other/README.md"), "Postmortems\n");
      other.add().addFilepattern("README.md").call();
      other.commit().setMessage("README").setSign(false).call();
      other.push().call();
    }
    // ...while this worker's copy holds a commit an earlier attempt could not push.
    File work;
    try (var dirs = Files.list(temp.resolve("work"))) {
      work = dirs.findFirst().orElseThrow().toFile();
    }
    try (Git stale = Git.open(work)) {
      Files.writeString(work.toPath().resolve("postmortems/" + FILE), "# stale\n");
      stale.add().addFilepattern("postmortems/" + FILE).call();
      stale.commit().setMessage("stale attempt").setSign(false).call();
    }

    publisher.publish(FILE, "# v2\n", MESSAGE);

    List<RevCommit> history = log(remote);
    assertThat(history)
        .extracting(RevCommit::getShortMessage)
        .containsExactly(MESSAGE, "README", MESSAGE);
    assertThat(fileAt(remote, "README.md")).isEqualTo("Postmortems\n");
    assertThat(fileAt(remote, "postmortems/" + FILE)).isEqualTo("# v2\n");
  }

  @Test
  void publish_toGit_whenAnotherPushWinsTheRace_isAConflictAndTheRetrySucceeds() throws Exception {
    Path remote = bareRemote();
    String url = remote.toUri().toString();
    new PostmortemPublisher(git(url, null), CLOCK).publish(FILE, "# v1\n", MESSAGE);
    // The clock is read between this publisher's fetch and its push (for the commit's time):
    // the first time, another writer pushes to the remote right then.
    List<String> raced = new CopyOnWriteArrayList<>();
    Clock racing =
        new Clock() {
          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            if (raced.isEmpty()) {
              raced.add("pushed");
              pushFromAnotherClone(url);
            }
            return CLOCK.instant();
          }
        };
    PostmortemPublisher publisher = new PostmortemPublisher(git(url, null), racing);

    ApplicationFailure conflict =
        failure(catchThrowable(() -> publisher.publish(FILE, "# v2\n", MESSAGE)));

    assertThat(conflict.getType()).isEqualTo(FailureType.CONFLICT.type());
    assertThat(conflict.isNonRetryable()).isFalse();
    assertThat(fileAt(remote, "postmortems/" + FILE)).isEqualTo("# v1\n");

    PostmortemPublisher.Publication retried = publisher.publish(FILE, "# v2\n", MESSAGE);

    assertThat(retried.changed()).isTrue();
    assertThat(log(remote))
        .extracting(RevCommit::getShortMessage)
        .containsExactly(MESSAGE, "meanwhile", MESSAGE);
    assertThat(fileAt(remote, "postmortems/" + FILE)).isEqualTo("# v2\n");
    assertThat(fileAt(remote, "NOTES.md")).isEqualTo("meanwhile\n");
  }

  private void pushFromAnotherClone(String url) {
    try (Git other =
        Git.cloneRepository().setURI(url).setDirectory(temp.resolve("racer").toFile()).call()) {
      Files.writeString(temp.resolve("racer/NOTES.md"), "meanwhile\n");
      other.add().addFilepattern("NOTES.md").call();
      other.commit().setMessage("meanwhile").setSign(false).call();
      other.push().call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void publish_toARepositoryThatDoesNotExist_isNotFoundAndNotRetried() {
    String missing = temp.resolve("no-such-repo.git").toUri().toString();
    PostmortemPublisher publisher = new PostmortemPublisher(git(missing, null), CLOCK);

    ApplicationFailure failure =
        failure(catchThrowable(() -> publisher.publish(FILE, "# v1\n", MESSAGE)));

    assertThat(failure.getType()).isEqualTo(FailureType.NOT_FOUND.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).startsWith("git " + missing);
    // the directory copy is written even when git fails
    assertThat(temp.resolve("docs").resolve(FILE)).hasContent("# v1");
  }

  @Test
  void publish_toAnUnreachableRemote_isUnavailableAndRetried() throws IOException {
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort(); // closed again: nothing listens there
    }
    PostmortemPublisher publisher =
        new PostmortemPublisher(
            git("http://127.0.0.1:" + port + "/sre/postmortems.git", null), CLOCK);

    ApplicationFailure failure =
        failure(catchThrowable(() -> publisher.publish(FILE, "# v1\n", MESSAGE)));

    assertThat(failure.getType()).isEqualTo(FailureType.UNAVAILABLE.type());
    assertThat(failure.isNonRetryable()).isFalse();
  }

  @Test
  void publish_whenTheServerRefusesTheToken_isInvalidCredentialsAndNeverPrintsIt()
      throws Exception {
    String token = "glpat-SECRET-TOKEN-123";
    GitCredentialsRefused refusing = new GitCredentialsRefused();
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(refusing);
      server.start();
      String url = server.url("/sre/postmortems.git").toString();
      PostmortemPublisher publisher = new PostmortemPublisher(git(url, token), CLOCK);

      ApplicationFailure failure =
          failure(catchThrowable(() -> publisher.publish(FILE, "# v1\n", MESSAGE)));

      assertThat(failure.getType()).isEqualTo(FailureType.INVALID_CREDENTIALS.type());
      assertThat(failure.isNonRetryable()).isTrue();
      assertThat(failure.getOriginalMessage()).doesNotContain(token);
      assertThat(refusing.authorizations())
          .contains(
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString(("git:" + token).getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(git("https://x", token).toString()).doesNotContain(token);
  }
}
