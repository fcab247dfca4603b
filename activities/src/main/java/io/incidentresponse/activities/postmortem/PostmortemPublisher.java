package io.incidentresponse.activities.postmortem;

import io.incidentresponse.activities.GitFailures;
import io.incidentresponse.activities.TextFiles;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.postmortem.PostmortemDocument;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Publishes a postmortem draft: writes it to the directory, and when a repository is configured
 * commits it there and pushes. Idempotent: the same text again changes no file and makes no commit.
 * Git failures are classified ({@link GitFailures}): bad credentials are not retried, an
 * unreachable remote and a push that lost a race are (the next attempt fetches again).
 */
public class PostmortemPublisher {
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm", Locale.ROOT);
  private static final int MAX_ID_IN_NAME = 100;

  private final PostmortemPublishingSettings settings;
  private final Clock clock;

  /** What a publication did. */
  public record Publication(PostmortemDocument document, boolean created, boolean changed) {}

  public PostmortemPublisher(PostmortemPublishingSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  public PostmortemPublishingSettings settings() {
    return settings;
  }

  /**
   * {@code <yyyy-MM-dd-HHmm>-<incident>.md}, the time being the detection minute in {@code zone}:
   * incident ids are alert keys that the next incident on the same alert reuses, so the minute
   * keeps two postmortems of one day apart (as it keeps their workflow ids apart). Any character
   * outside {@code [A-Za-z0-9._-]} is replaced, and a short hash of the id is added when the id had
   * to be changed, so distinct ids keep distinct files.
   */
  public static String fileName(String incidentId, Instant detectedAt, ZoneId zone) {
    String time = detectedAt == null ? "undated" : FILE_TIME.format(detectedAt.atZone(zone));
    return time + "-" + safeName(incidentId) + ".md";
  }

  /** {@code incidentId} as a file-name part: safe characters, distinct for distinct ids. */
  static String safeName(String incidentId) {
    String id = incidentId == null ? "" : incidentId;
    String safe = id.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[.-]+|[.-]+$", "");
    if (safe.length() > MAX_ID_IN_NAME) {
      safe = safe.substring(0, MAX_ID_IN_NAME);
    }
    if (safe.isEmpty() || !safe.equals(id)) {
      safe = (safe.isEmpty() ? "incident" : safe) + "-" + hash(id).substring(0, 8);
    }
    return safe;
  }

  /**
   * Writes {@code markdown} as {@code fileName}; commits and pushes it with {@code commitMessage}
   * when a repository is configured.
   */
  public Publication publish(String fileName, String markdown, String commitMessage) {
    Path file = settings.directoryPath().resolve(fileName).toAbsolutePath().normalize();
    boolean existed = Files.exists(file);
    boolean changed = TextFiles.writeIfChanged(file, markdown, "postmortem");
    if (!settings.gitConfigured()) {
      String link = link(fileName, fileName, null);
      return new Publication(
          new PostmortemDocument(file.toString(), link, null), !existed, changed);
    }
    return publishToGit(fileName, markdown, commitMessage);
  }

  // -------------------------------------------------------------------- git

  /** One working copy serves every publication of this worker: one at a time. */
  private synchronized Publication publishToGit(
      String fileName, String markdown, String commitMessage) {
    String url = settings.safeGitUrl();
    String branch = settings.gitBranch();
    String path = settings.gitPath().isEmpty() ? fileName : settings.gitPath() + "/" + fileName;
    Path work = workingCopy();
    try (Git git = openOrClone(work)) {
      Repository repo = git.getRepository();
      String localRef = Constants.R_HEADS + branch;
      String trackingRef = Constants.R_REMOTES + Constants.DEFAULT_REMOTE_NAME + "/" + branch;
      git.fetch()
          .setRemote(Constants.DEFAULT_REMOTE_NAME)
          // A wildcard: an explicit spec fails on an empty repository, where the branch is new.
          .setRefSpecs(
              new RefSpec(
                  "+"
                      + Constants.R_HEADS
                      + "*:"
                      + Constants.R_REMOTES
                      + Constants.DEFAULT_REMOTE_NAME
                      + "/*"))
          .setCredentialsProvider(credentials())
          .setTimeout(timeoutSeconds())
          .call();
      Ref remote = repo.exactRef(trackingRef);
      linkHead(repo, localRef);
      if (remote != null) {
        // This copy holds no work of its own: whatever an earlier attempt committed and could
        // not push is dropped, and the document is written again on top of the remote's branch.
        RefUpdate update = repo.updateRef(localRef);
        update.setNewObjectId(remote.getObjectId());
        update.setForceUpdate(true);
        update.forceUpdate();
      }
      if (repo.exactRef(localRef) != null) {
        git.reset().setMode(ResetCommand.ResetType.HARD).setRef(localRef).call();
      }
      git.clean().setCleanDirectories(true).setForce(true).call();

      Path file = work.resolve(path);
      boolean existed = Files.exists(file);
      Files.createDirectories(file.getParent());
      Files.writeString(file, markdown, StandardCharsets.UTF_8);
      git.add().addFilepattern(path).call();
      boolean changed = !git.status().addPath(path).call().isClean();
      if (changed) {
        PersonIdent who =
            new PersonIdent(
                settings.gitAuthorName(),
                settings.gitAuthorEmail(),
                clock.instant(),
                ZoneOffset.UTC);
        git.commit()
            .setMessage(commitMessage)
            .setAuthor(who)
            .setCommitter(who)
            .setSign(Boolean.FALSE)
            .call();
      }
      ObjectId head = repo.resolve(localRef);
      if (remote == null || !remote.getObjectId().equals(head)) {
        push(git, localRef);
      }
      String revision = head.name();
      String location = url + " " + branch + ":" + path;
      return new Publication(
          new PostmortemDocument(location, link(path, fileName, revision), revision),
          !existed,
          changed);
    } catch (GitAPIException | IOException | RuntimeException e) {
      if (e instanceof ApplicationFailure failure) {
        throw failure;
      }
      throw GitFailures.classify("git " + url, e, settings.gitToken());
    }
  }

  private void push(Git git, String localRef) throws GitAPIException {
    Iterable<PushResult> results =
        git.push()
            .setRemote(Constants.DEFAULT_REMOTE_NAME)
            .setRefSpecs(new RefSpec(localRef + ":" + localRef))
            .setCredentialsProvider(credentials())
            .setTimeout(timeoutSeconds())
            .call();
    for (PushResult result : results) {
      for (RemoteRefUpdate update : result.getRemoteUpdates()) {
        GitFailures.checkPush(settings.safeGitUrl(), settings.gitBranch(), update);
      }
    }
  }

  /** A working copy per repository URL, so a changed URL never pushes into the old one. */
  private Path workingCopy() {
    return settings
        .gitWorkDirPath()
        .resolve("repo-" + hash(settings.safeGitUrl()).substring(0, 12))
        .toAbsolutePath()
        .normalize();
  }

  private Git openOrClone(Path work) throws GitAPIException, IOException {
    if (Files.isDirectory(work.resolve(".git"))) {
      Git git = Git.open(work.toFile());
      // A working copy whose origin is another URL (same hash prefix, or edited by hand) is not
      // ours to push from.
      String origin =
          git.getRepository().getConfig().getString("remote", Constants.DEFAULT_REMOTE_NAME, "url");
      if (settings.gitUrl().equals(origin)) {
        return git;
      }
      git.close();
      throw ApplicationFailure.newNonRetryableFailure(
          "the postmortem git work dir " + work + " is a copy of another repository",
          FailureType.NOT_CONFIGURED.type());
    }
    if (Files.isDirectory(work)) {
      try (Stream<Path> entries = Files.list(work)) {
        if (entries.findAny().isPresent()) {
          throw ApplicationFailure.newNonRetryableFailure(
              "the postmortem git work dir " + work + " exists and is not a git working copy",
              FailureType.NOT_CONFIGURED.type());
        }
      }
    }
    Files.createDirectories(work.getParent());
    return Git.cloneRepository()
        .setURI(settings.gitUrl())
        .setDirectory(work.toFile())
        .setNoCheckout(true)
        .setCredentialsProvider(credentials())
        .setTimeout(timeoutSeconds())
        .call();
  }

  /** HEAD on the configured branch, even before the branch has a commit (an empty repository). */
  private static void linkHead(Repository repo, String localRef) throws IOException {
    Ref head = repo.exactRef(Constants.HEAD);
    if (head != null && head.isSymbolic() && head.getTarget().getName().equals(localRef)) {
      return;
    }
    RefUpdate.Result result = repo.updateRef(Constants.HEAD).link(localRef);
    if (result != RefUpdate.Result.NEW
        && result != RefUpdate.Result.FORCED
        && result != RefUpdate.Result.NO_CHANGE) {
      throw new IOException("could not point HEAD at " + localRef + ": " + result);
    }
  }

  private CredentialsProvider credentials() {
    String token = settings.gitToken();
    return token == null || token.isBlank()
        ? null
        : new UsernamePasswordCredentialsProvider(settings.gitUsername(), token);
  }

  private int timeoutSeconds() {
    return (int) Math.max(1, settings.gitTimeout().toSeconds());
  }

  private String link(String path, String file, String revision) {
    String template = settings.linkTemplate();
    if (template == null) {
      return null;
    }
    return template
        .replace("{path}", path)
        .replace("{file}", file)
        .replace("{branch}", settings.gitBranch())
        .replace("{revision}", Optional.ofNullable(revision).orElse(settings.gitBranch()));
  }

  /** The newest commit on the configured branch of the working copy, for tests and diagnostics. */
  Optional<RevCommit> head() throws IOException {
    Path work = workingCopy();
    if (!Files.isDirectory(work.resolve(".git"))) {
      return Optional.empty();
    }
    try (Git git = Git.open(work.toFile())) {
      ObjectId id = git.getRepository().resolve(Constants.R_HEADS + settings.gitBranch());
      return id == null ? Optional.empty() : Optional.of(git.getRepository().parseCommit(id));
    }
  }

  static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(String.valueOf(text).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
