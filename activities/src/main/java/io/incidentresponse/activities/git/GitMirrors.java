package io.incidentresponse.activities.git;

import io.incidentresponse.activities.GitFailures;
import io.incidentresponse.activities.git.GitSettings.RepositorySettings;
import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.PackInvalidException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.EmptyProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Local bare mirrors of the configured repositories, one directory each under {@link
 * GitSettings#mirrorDirectory()}: cloned the first time, fetched before every read after that.
 *
 * <ul>
 *   <li>One clone or fetch per repository at a time: a caller that waited while another fetched
 *       reads that fetch's result instead of fetching again.
 *   <li>Each fetch ends within {@link GitSettings#fetchTimeout()}, the first clone within {@link
 *       GitSettings#cloneTimeout()} (every network read is bounded by the fetch timeout, and the
 *       transfer is cancelled at the deadline).
 *   <li>A clone is written beside the mirror and moved into place when complete, with a marker
 *       file; a directory without the marker, or one JGit cannot open, is a half-written mirror (a
 *       crash, a full disk, a copy by hand): it is removed and cloned again.
 *   <li>A failed fetch is thrown (retryable unless the URL, branch or credentials are wrong), never
 *       answered from the old mirror as if it were fresh: the message says how old it is.
 * </ul>
 */
final class GitMirrors {
  /** Written into a mirror once its clone completed; touched at every successful fetch. */
  static final String MARKER = "incident-response-mirror";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final GitSettings settings;
  private final Clock clock;
  private final Map<Path, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final Map<Path, Instant> fetchedAt = new ConcurrentHashMap<>();

  GitMirrors(GitSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** What to read from a freshly fetched mirror. */
  @FunctionalInterface
  interface Reader<T> {
    T read(Repository mirror, ObjectId branchTip) throws IOException;
  }

  /**
   * Brings the mirror of {@code name} up to date with its remote and reads it, both while holding
   * the repository's lock.
   */
  <T> T read(String name, RepositorySettings remote, Reader<T> reader) {
    Instant asked = clock.instant();
    Path mirror = directory(name, remote);
    ReentrantLock lock = locks.computeIfAbsent(mirror, m -> new ReentrantLock());
    try {
      if (!lock.tryLock(settings.fetchTimeout().toMillis() * 2 + 1_000, TimeUnit.MILLISECONDS)) {
        throw ApplicationFailure.newFailure(
            "git "
                + name
                + ": another clone or fetch of this repository is still running (a first clone"
                + " may take up to "
                + GitSettings.PREFIX
                + ".clone-timeout)",
            FailureType.UNAVAILABLE.type());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure(
          "git " + name + ": interrupted while waiting for the mirror",
          FailureType.UNAVAILABLE.type());
    }
    try {
      Instant last = fetchedAt.get(mirror);
      boolean fresh = last != null && !last.isBefore(asked);
      if (!fresh) {
        update(name, remote, mirror);
        fetchedAt.put(mirror, clock.instant());
      }
      try (Repository repository = open(mirror)) {
        ObjectId tip = repository.resolve(Constants.R_HEADS + remote.branch());
        if (tip == null) {
          throw branchMissing(name, remote);
        }
        return reader.read(repository, tip);
      } catch (IOException e) {
        fetchedAt.remove(mirror);
        delete(mirror);
        throw ApplicationFailure.newFailure(
            "git "
                + name
                + ": reading the mirror "
                + mirror
                + " failed ("
                + e.getMessage()
                + "); it is removed and cloned again on the retry",
            FailureType.UNAVAILABLE.type());
      }
    } finally {
      lock.unlock();
    }
  }

  /** The mirror's directory: the repository's name and a hash of its URL (a new URL, a new one). */
  Path directory(String name, RepositorySettings remote) {
    String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return settings.mirrorPath().resolve(safe + "-" + hash(remote.url()) + ".git");
  }

  private void update(String name, RepositorySettings remote, Path mirror) {
    if (Files.isDirectory(mirror) && !complete(mirror)) {
      delete(mirror);
    }
    boolean cloning = !Files.isDirectory(mirror);
    Duration timeout = cloning ? settings.cloneTimeout() : settings.fetchTimeout();
    Instant deadline = clock.instant().plus(timeout);
    String token = token(name, remote);
    try {
      if (cloning) {
        cloneInto(remote, mirror, token, deadline);
      } else {
        fetch(remote, mirror, token, deadline);
      }
    } catch (ApplicationFailure e) {
      throw e;
    } catch (Exception e) {
      ApplicationFailure failure =
          failure(name, remote, mirror, e, token, deadline, cloning, timeout);
      if (!cloning && corrupt(e)) {
        // A mirror whose objects are damaged (a disk that filled up mid-write) fails every fetch
        // the same way: the retry clones it again.
        delete(mirror);
      }
      throw failure;
    }
  }

  private void fetch(RepositorySettings remote, Path mirror, String token, Instant deadline)
      throws Exception {
    try (Repository repository = open(mirror);
        Git git = Git.wrap(repository)) {
      String branch = Constants.R_HEADS + remote.branch();
      git.fetch()
          .setRemote(remote.url())
          .setRefSpecs(new RefSpec("+" + branch + ":" + branch))
          .setCredentialsProvider(credentials(remote, token))
          .setTimeout(timeoutSeconds())
          .setProgressMonitor(new Deadline(deadline))
          .call();
    }
    Files.writeString(mirror.resolve(MARKER), clock.instant().toString(), StandardCharsets.UTF_8);
  }

  private void cloneInto(RepositorySettings remote, Path mirror, String token, Instant deadline)
      throws Exception {
    Files.createDirectories(mirror.getParent());
    removeLeftovers(mirror);
    Path partial = mirror.resolveSibling(mirror.getFileName() + ".partial-" + clock.millis());
    try {
      String branch = Constants.R_HEADS + remote.branch();
      Git.cloneRepository()
          .setURI(remote.url())
          .setBare(true)
          .setDirectory(partial.toFile())
          .setBranchesToClone(List.of(branch))
          .setBranch(branch)
          .setCredentialsProvider(credentials(remote, token))
          .setTimeout(timeoutSeconds())
          .setProgressMonitor(new Deadline(deadline))
          .call()
          .close();
      Files.writeString(
          partial.resolve(MARKER), clock.instant().toString(), StandardCharsets.UTF_8);
      try {
        Files.move(partial, mirror, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, mirror);
      }
    } finally {
      if (Files.exists(partial)) {
        delete(partial);
      }
    }
  }

  private static boolean corrupt(Throwable error) {
    for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof MissingObjectException
          || t instanceof CorruptObjectException
          || t instanceof PackInvalidException) {
        return true;
      }
    }
    return false;
  }

  /** A mirror whose clone completed and that JGit opens as a bare repository. */
  private static boolean complete(Path mirror) {
    if (!Files.isRegularFile(mirror.resolve(MARKER))) {
      return false;
    }
    try (Repository repository = open(mirror)) {
      return repository.isBare() && repository.getObjectDatabase().exists();
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static Repository open(Path mirror) throws IOException {
    return new FileRepositoryBuilder().setGitDir(mirror.toFile()).setMustExist(true).build();
  }

  private ApplicationFailure failure(
      String name,
      RepositorySettings remote,
      Path mirror,
      Exception error,
      String token,
      Instant deadline,
      boolean cloning,
      Duration timeout) {
    String what = "git " + name + " (" + remote.url() + ")";
    String reason = GitFailures.safe(GitFailures.firstMessage(error), token);
    String age = asOf(mirror);
    if (!clock.instant().isBefore(deadline)) {
      return ApplicationFailure.newFailure(
          what
              + (cloning ? ": the first clone" : ": fetch")
              + " did not finish within "
              + timeout.toSeconds()
              + " s ("
              + GitSettings.PREFIX
              + (cloning ? ".clone-timeout)" : ".fetch-timeout)")
              + age,
          FailureType.UNAVAILABLE.type());
    }
    if (reason.contains("does not have " + Constants.R_HEADS)
        || reason.contains("Remote branch '" + Constants.R_HEADS + remote.branch() + "' not found")
        || reason.contains("Remote branch '" + remote.branch() + "' not found")) {
      return branchMissing(name, remote);
    }
    ApplicationFailure classified = GitFailures.classify(what, error, token);
    if (age.isEmpty()) {
      return classified;
    }
    return classified.isNonRetryable()
        ? ApplicationFailure.newNonRetryableFailure(
            classified.getOriginalMessage() + age, classified.getType())
        : ApplicationFailure.newFailure(
            classified.getOriginalMessage() + age, classified.getType());
  }

  private static ApplicationFailure branchMissing(String name, RepositorySettings remote) {
    return ApplicationFailure.newNonRetryableFailure(
        "git "
            + name
            + " ("
            + remote.url()
            + ") has no branch "
            + remote.branch()
            + " ("
            + GitSettings.PREFIX
            + ".repositories."
            + name
            + ".branch)",
        FailureType.NOT_FOUND.type());
  }

  /** {@code "; mirror as of <time> not used"} when there is an earlier mirror, else empty. */
  private static String asOf(Path mirror) {
    try {
      Path marker = mirror.resolve(MARKER);
      if (!Files.isRegularFile(marker)) {
        return "";
      }
      Instant at = Files.getLastModifiedTime(marker).toInstant();
      return "; the mirror as of " + TIME.format(at) + " was not used (it may be stale)";
    } catch (IOException e) {
      return "";
    }
  }

  private static String token(String name, RepositorySettings remote) {
    try {
      return remote.currentToken();
    } catch (IOException e) {
      throw ExpectedFailures.notConfigured(
          "git "
              + name
              + ": cannot read "
              + GitSettings.PREFIX
              + ".repositories."
              + name
              + ".token-file "
              + remote.tokenFile()
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  private static CredentialsProvider credentials(RepositorySettings remote, String token) {
    return token == null ? null : new UsernamePasswordCredentialsProvider(remote.username(), token);
  }

  /** Clones (or fetches) {@code name} now; for warming the mirrors up before the first incident. */
  void refresh(String name, RepositorySettings remote) {
    read(name, remote, (repository, tip) -> tip);
  }

  private int timeoutSeconds() {
    return (int) Math.max(1, settings.fetchTimeout().toSeconds());
  }

  /** Clones that died half-way in an earlier process. */
  private static void removeLeftovers(Path mirror) throws IOException {
    String prefix = mirror.getFileName() + ".partial-";
    try (Stream<Path> siblings = Files.list(mirror.getParent())) {
      siblings
          .filter(p -> p.getFileName().toString().startsWith(prefix))
          .forEach(GitMirrors::delete);
    }
  }

  private static void delete(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "cannot remove the half-written git mirror " + directory + ": " + e.getMessage(),
          FailureType.UNAVAILABLE.type());
    }
  }

  private static String hash(String url) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Cancels the transfer at the deadline; JGit asks between chunks. */
  private final class Deadline extends EmptyProgressMonitor {
    private final Instant deadline;

    Deadline(Instant deadline) {
      this.deadline = deadline;
    }

    @Override
    public boolean isCancelled() {
      return !clock.instant().isBefore(deadline);
    }
  }
}
