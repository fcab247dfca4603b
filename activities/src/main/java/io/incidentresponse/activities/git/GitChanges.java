package io.incidentresponse.activities.git;

import io.incidentresponse.activities.diagnosis.Probe;
import io.incidentresponse.activities.git.DeployHistory.Deployed;
import io.incidentresponse.activities.git.GitSettings.Mapping;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingFacts;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GIT_CHANGES probe: what landed on the service's branch from an hour (look-back) before the
 * diagnosis window until its end, read from a local mirror fetched first ({@link GitMirrors}).
 *
 * <ul>
 *   <li>The branch is walked along first parents, newest first (the order changes landed): a merge
 *       or a squash is one change, at its committer time, with the files it brought to the branch.
 *       The walk stops after a run of {@link #MAX_OLDER} commits older than the window, so one
 *       commit from a skewed clock does not end it.
 *   <li>A commit counts when one of its files is under the service's code paths (none: the whole
 *       repository) or is one of its config files (Helm values, manifests, feature flags; see
 *       {@link GitSettings#DEFAULT_CONFIG_PATHS}); a commit with a config file is a config change.
 *   <li>ANOMALY when something changed, with the newest commit and the newest config change in the
 *       summary and facts ({@link FindingFacts#COMMIT_AT}..., {@link
 *       FindingFacts#CONFIG_CHANGE_AT}...); HEALTHY "no commits on repo/paths since HH:MM UTC".
 *   <li>Authors by name only, never the e-mail. Names, messages and paths come from whoever could
 *       push: control characters are dropped and each is cut to a bound.
 *   <li>A service with no repository: NOT_CONFIGURED naming the property. Fetch failures: see
 *       {@link GitMirrors}.
 * </ul>
 */
public final class GitChanges implements Probe {
  static final int MAX_EVIDENCE = 20;
  static final int MAX_FILES = 10;
  static final int MAX_CHANGES = 200;
  static final int MAX_WALK = 10_000;
  static final int MAX_OLDER = 20;
  static final int MAX_MESSAGE = 120;
  static final int MAX_NAME = 60;
  static final int MAX_PATH = 120;
  private static final int MAX_FACT_FILES = 5;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]+");

  private static final Logger log = LoggerFactory.getLogger(GitChanges.class);

  private final GitSettings settings;
  private final GitMirrors mirrors;
  private final DeployHistory deployHistory;
  private final Clock clock;

  public GitChanges(GitSettings settings, Clock clock) {
    this(settings, DeployHistory.NONE, clock);
  }

  /** With {@code deployHistory}, each listed commit says which deploy shipped it. */
  public GitChanges(GitSettings settings, DeployHistory deployHistory, Clock clock) {
    this.settings = settings;
    this.mirrors = new GitMirrors(settings, clock);
    this.deployHistory = deployHistory;
    this.clock = clock;
  }

  @Override
  public Finding inspect(DiagnosisRequest request) {
    Mapping mapping =
        request.service() == null || request.service().isBlank()
            ? null
            : settings.mapping(request.service());
    if (mapping == null) {
      String service = oneLine(request.service(), MAX_NAME);
      throw ExpectedFailures.notConfigured(
          "git changes: no repository for service "
              + service
              + " ("
              + GitSettings.PREFIX
              + ".services."
              + service
              + ".repository, or a repository named "
              + service
              + " under "
              + GitSettings.PREFIX
              + ".repositories)");
    }
    Instant to = request.to() != null ? request.to() : clock.instant();
    Instant from = request.from() != null ? request.from() : to.minus(Duration.ofHours(1));
    Instant since = from.minus(settings.lookBack());
    ServiceFiles files = new ServiceFiles(request.service(), mapping.paths());
    List<String> notes = new ArrayList<>();
    List<Deployed> deploys = deploys(request.service(), notes);
    Walk walk =
        mirrors.read(
            mapping.name(),
            mapping.repository(),
            (repository, tip) -> walk(repository, tip, since, to, files, deploys));
    return finding(mapping, since, walk, notes);
  }

  /**
   * Clones (or fetches) every configured repository on a background thread, so the first incident
   * does not wait for a first clone; failures are logged (without credentials) and the probe tries
   * again when asked.
   */
  public void warmUp() {
    Thread thread =
        new Thread(
            () ->
                settings
                    .repositories()
                    .forEach(
                        (name, remote) -> {
                          try {
                            mirrors.refresh(name, remote);
                            log.info("git mirror of {} ready", name);
                          } catch (ApplicationFailure e) {
                            log.warn(
                                "git mirror of {} not ready: {}", name, e.getOriginalMessage());
                          }
                        }),
            "git-mirrors-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  /** The deploys, or none with a note saying why (the commits are worth reporting without). */
  private List<Deployed> deploys(String service, List<String> notes) {
    try {
      List<Deployed> deploys = deployHistory.deploys(service);
      return deploys == null ? List.of() : deploys;
    } catch (ApplicationFailure e) {
      notes.add("deploys unknown: " + oneLine(e.getOriginalMessage(), 200));
      return List.of();
    }
  }

  /** The commits in [since, to] that touch the service, newest first. */
  private static Walk walk(
      Repository repository,
      ObjectId tip,
      Instant since,
      Instant to,
      ServiceFiles files,
      List<Deployed> deploys)
      throws IOException {
    List<Change> changes = new ArrayList<>();
    int more = 0;
    int later = 0;
    try (RevWalk revWalk = new RevWalk(repository)) {
      revWalk.setFirstParent(true);
      RevCommit head = revWalk.parseCommit(tip);
      revWalk.markStart(head);
      int seen = 0;
      int older = 0;
      for (RevCommit commit : revWalk) {
        Instant at = commit.getCommitterIdent().getWhenAsInstant();
        if (++seen > MAX_WALK) {
          break;
        }
        if (at.isBefore(since)) {
          // A committer clock far behind does not hide what landed before it: stop only after a
          // run of older commits.
          if (++older >= MAX_OLDER) {
            break;
          }
          continue;
        }
        older = 0;
        List<String> touched = touched(repository, revWalk, commit, files);
        if (touched.isEmpty()) {
          continue;
        }
        if (at.isAfter(to)) {
          later++;
        } else if (changes.size() < MAX_CHANGES) {
          changes.add(Change.of(commit, at, touched, files));
        } else {
          more++;
        }
      }
      List<Change> shipped = shippedIn(repository, changes, deploys);
      return new Walk(shipped, more, later, head.abbreviate(12).name(), committed(head));
    }
  }

  /**
   * The first {@link #MAX_EVIDENCE} changes with the deploy that shipped each: the first deploy
   * (oldest first) whose revision contains the commit. Deployed revisions the mirror does not hold
   * (another repository, another branch, a chart version) are left out; when none is held, nothing
   * is said.
   */
  private static List<Change> shippedIn(
      Repository repository, List<Change> changes, List<Deployed> deploys) throws IOException {
    if (deploys.isEmpty() || changes.isEmpty()) {
      return changes;
    }
    try (RevWalk revWalk = new RevWalk(repository)) {
      List<Map.Entry<Deployed, RevCommit>> known = new ArrayList<>();
      for (Deployed deploy : deploys) {
        for (String revision : deploy.revision().split(",")) {
          RevCommit deployed = commitOrNull(repository, revWalk, revision.strip());
          if (deployed != null) {
            known.add(Map.entry(deploy, deployed));
          }
        }
      }
      if (known.isEmpty()) {
        return changes;
      }
      Map.Entry<Deployed, RevCommit> last = known.get(known.size() - 1);
      List<Change> shipped = new ArrayList<>(changes);
      for (int i = 0; i < Math.min(MAX_EVIDENCE, changes.size()); i++) {
        Change change = changes.get(i);
        RevCommit commit = revWalk.parseCommit(change.commit());
        String deploy =
            "not deployed yet (last deploy " + describe(last.getKey(), last.getValue()) + ")";
        for (Map.Entry<Deployed, RevCommit> candidate : known) {
          if (revWalk.isMergedInto(commit, candidate.getValue())) {
            deploy = "shipped in deploy " + describe(candidate.getKey(), candidate.getValue());
            break;
          }
        }
        shipped.set(i, change.shipped(deploy));
      }
      return shipped;
    }
  }

  private static RevCommit commitOrNull(Repository repository, RevWalk revWalk, String revision)
      throws IOException {
    if (!revision.matches("[0-9a-f]{40}")) {
      return null;
    }
    ObjectId id = ObjectId.fromString(revision);
    if (!repository.getObjectDatabase().has(id)) {
      return null;
    }
    try {
      return revWalk.parseCommit(id);
    } catch (IncorrectObjectTypeException | MissingObjectException e) {
      return null;
    }
  }

  private static String describe(Deployed deploy, RevCommit revision) {
    return revision.abbreviate(12).name() + " at " + TIME.format(deploy.at());
  }

  /** The commit's files that belong to the service, against its first parent. */
  private static List<String> touched(
      Repository repository, RevWalk revWalk, RevCommit commit, ServiceFiles files)
      throws IOException {
    List<String> touched = new ArrayList<>();
    try (TreeWalk tree = new TreeWalk(repository)) {
      if (commit.getParentCount() == 0) {
        tree.addTree(new EmptyTreeIterator());
      } else {
        tree.addTree(revWalk.parseCommit(commit.getParent(0)).getTree());
      }
      tree.addTree(commit.getTree());
      tree.setRecursive(true);
      tree.setFilter(TreeFilter.ANY_DIFF);
      while (tree.next()) {
        String path = tree.getPathString();
        if (files.belongs(path)) {
          touched.add(path);
        }
      }
    }
    return touched;
  }

  private Finding finding(Mapping mapping, Instant since, Walk walk, List<String> notes) {
    String where = where(mapping);
    List<String> evidence = new ArrayList<>(notes);
    Map<String, String> facts = new LinkedHashMap<>();
    if (walk.changes().isEmpty()) {
      evidence.add(mapping.repository().branch() + " at " + walk.tip() + " (" + walk.tipAt() + ")");
      if (walk.later() > 0) {
        evidence.add(walk.later() + " commit(s) after the window's end not counted");
      }
      return new Finding(
          DiagnosisProbe.GIT_CHANGES,
          FindingOutcome.HEALTHY,
          "no commits on " + where + " since " + TIME.format(since),
          evidence,
          List.of(),
          clock.instant(),
          facts);
    }
    List<Change> changes = walk.changes();
    Change newest = changes.get(0);
    facts.put(FindingFacts.COMMIT_AT, newest.at().toString());
    facts.put(FindingFacts.COMMIT, newest.id());
    facts.put(FindingFacts.COMMIT_AUTHOR, newest.author());
    facts.put(FindingFacts.COMMIT_MESSAGE, newest.message());
    Change config = changes.stream().filter(Change::isConfig).findFirst().orElse(null);
    if (config != null) {
      facts.put(FindingFacts.CONFIG_CHANGE_AT, config.at().toString());
      facts.put(FindingFacts.CONFIG_CHANGE_COMMIT, config.id());
      facts.put(
          FindingFacts.CONFIG_CHANGE_FILES,
          String.join(
              ",",
              config
                  .configFiles()
                  .subList(0, Math.min(MAX_FACT_FILES, config.configFiles().size()))));
      facts.put(FindingFacts.CONFIG_CHANGE_AUTHOR, config.author());
    }
    int total = changes.size() + walk.more();
    long configs = changes.stream().filter(Change::isConfig).count();
    int room = MAX_EVIDENCE - evidence.size();
    int shown = Math.min(changes.size(), total > room ? room - 1 : total);
    for (Change change : changes.subList(0, shown)) {
      evidence.add(change.line());
    }
    if (total > shown) {
      evidence.add("… and " + (total - shown) + " older commit(s)");
    }
    if (walk.later() > 0 && evidence.size() < MAX_EVIDENCE) {
      evidence.add(walk.later() + " commit(s) after the window's end not counted");
    }
    StringBuilder summary =
        new StringBuilder()
            .append(total)
            .append(total == 1 ? " commit" : " commits")
            .append(" on ")
            .append(where)
            .append(" since ")
            .append(TIME.format(since));
    if (configs > 0) {
      summary
          .append(" (")
          .append(configs)
          .append(configs == 1 ? " config change)" : " config changes)");
    }
    summary.append("; newest ").append(newest.brief());
    if (newest.deploy() != null) {
      summary.append(", ").append(newest.deploy());
    }
    if (config != null && config != newest) {
      summary.append("; config change ").append(config.brief());
    }
    if (config != null) {
      summary.append(" changed ").append(String.join(", ", config.configFiles().subList(0, 1)));
      if (config.configFiles().size() > 1) {
        summary.append(" (+").append(config.configFiles().size() - 1).append(" more)");
      }
    }
    return new Finding(
        DiagnosisProbe.GIT_CHANGES,
        FindingOutcome.ANOMALY,
        summary.toString(),
        evidence,
        List.of(),
        clock.instant(),
        facts);
  }

  /** {@code shop/services/checkout,deploy/checkout}, or {@code shop} for the whole repository. */
  private static String where(Mapping mapping) {
    List<String> paths = new ArrayList<>(mapping.paths().codePaths());
    paths.addAll(mapping.paths().configPaths());
    return paths.isEmpty() ? mapping.name() : mapping.name() + "/" + String.join(",", paths);
  }

  private static String committed(RevCommit commit) {
    return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
        .withZone(ZoneOffset.UTC)
        .format(commit.getCommitterIdent().getWhenAsInstant());
  }

  /**
   * {@code text} on one line, without control or formatting characters (a bidi override, a zero
   * width space), cut to {@code max} characters.
   */
  static String oneLine(String text, int max) {
    if (text == null) {
      return "";
    }
    String line = UNPRINTABLE.matcher(text).replaceAll(" ").replaceAll("\\s+", " ").strip();
    if (line.length() <= max) {
      return line;
    }
    int cut = max - 1;
    if (Character.isHighSurrogate(line.charAt(cut - 1))) {
      cut--;
    }
    return line.substring(0, cut) + "…";
  }

  /** Which of a repository's files belong to a service. */
  static final class ServiceFiles {
    private final PathPatterns code;
    private final PathPatterns config;
    private final boolean explicitConfig;
    private final Pattern namesService;

    ServiceFiles(String service, GitSettings.ServicePaths paths) {
      this.code = PathPatterns.of(paths.codePaths());
      this.explicitConfig = !paths.configPaths().isEmpty();
      this.config =
          PathPatterns.of(explicitConfig ? paths.configPaths() : GitSettings.DEFAULT_CONFIG_PATHS);
      this.namesService =
          Pattern.compile("(^|.*/)([^/]*[-_.])?" + Pattern.quote(service) + "([-_.][^/]*)?(/.*)?");
    }

    boolean belongs(String path) {
      return code.isEmpty() || code.matches(path) || isConfig(path);
    }

    /**
     * Config of the service: explicit config paths as given; the defaults only under its code paths
     * or where the path names the service ({@code deploy/checkout/values.yaml}), so a monorepo's
     * other services' values do not count.
     */
    boolean isConfig(String path) {
      if (!config.matches(path)) {
        return false;
      }
      return explicitConfig
          || code.isEmpty()
          || code.matches(path)
          || namesService.matcher(path).matches();
    }
  }

  /** One commit that touched the service. */
  record Change(
      ObjectId commit,
      String id,
      Instant at,
      String author,
      String message,
      List<String> files,
      List<String> configFiles,
      String deploy) {

    static Change of(RevCommit commit, Instant at, List<String> touched, ServiceFiles service) {
      List<String> config = new ArrayList<>();
      List<String> code = new ArrayList<>();
      for (String path : touched) {
        (service.isConfig(path) ? config : code).add(oneLine(path, MAX_PATH));
      }
      List<String> files = new ArrayList<>(config);
      files.addAll(code);
      return new Change(
          commit.copy(),
          commit.abbreviate(12).name(),
          at,
          oneLine(commit.getAuthorIdent().getName(), MAX_NAME),
          oneLine(commit.getShortMessage(), MAX_MESSAGE),
          files,
          config,
          null);
    }

    Change shipped(String deploy) {
      return new Change(commit, id, at, author, message, files, configFiles, deploy);
    }

    boolean isConfig() {
      return !configFiles.isEmpty();
    }

    /** {@code 1a2b3c4d5e6f at 13:42 UTC by Jane Doe: "raise pool size"}. */
    String brief() {
      return id + " at " + TIME.format(at) + " by " + author + ": \"" + message + "\"";
    }

    /**
     * {@code 13:42 UTC 1a2b3c4d5e6f Jane Doe: raise pool size [config] deploy/x/values.yaml, ...}.
     */
    String line() {
      List<String> shown = files.subList(0, Math.min(MAX_FILES, files.size()));
      return TIME.format(at)
          + " "
          + id
          + " "
          + author
          + ": "
          + message
          + (isConfig() ? " [config]" : "")
          + " — "
          + String.join(", ", shown)
          + (files.size() > MAX_FILES ? " (+" + (files.size() - MAX_FILES) + " more files)" : "")
          + (deploy == null ? "" : "; " + deploy);
    }
  }

  /** What the walk found. */
  record Walk(List<Change> changes, int more, int later, String tip, String tipAt) {}
}
