package io.incidentresponse.activities.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.incidentresponse.activities.GitCredentialsRefused;
import io.incidentresponse.activities.changes.ArgoCdChanges;
import io.incidentresponse.activities.changes.ArgoCdSettings;
import io.incidentresponse.activities.git.GitSettings.RepositorySettings;
import io.incidentresponse.activities.git.GitSettings.ServicePaths;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingFacts;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GIT_CHANGES probe against a real repository the test writes, through its own mirror. */
class GitChangesTest {
  private static final Instant DAY = Instant.parse("2026-11-30T00:00:00Z");
  private static final Clock CLOCK = Clock.systemUTC();

  @TempDir Path temp;
  private Git origin;
  private String originUrl;

  @BeforeEach
  void createOrigin() throws Exception {
    origin =
        Git.init().setDirectory(temp.resolve("origin").toFile()).setInitialBranch("main").call();
    originUrl = temp.resolve("origin").toUri().toString();
  }

  // ---- what the probe reports

  @Test
  void inspect_givenCommitsInAndOutOfTheWindow_listsTheServicesNewestFirstWithTheConfigChange()
      throws Exception {
    commit(
        "Initial layout",
        "Olga Old",
        at("10:00"),
        at("13:30"), // authored in the window, committed before it: not in the window
        "services/checkout/src/App.java",
        "deploy/checkout/values.yaml",
        "services/payments/src/Pay.java",
        "deploy/payments/values.yaml");
    commit("Tune payments pool", "Paul Payments", at("12:30"), "deploy/payments/values.yaml");
    RevCommit config =
        commit(
            "Lower checkout timeouts", "Carol Config", at("13:10"), "deploy/checkout/values.yaml");
    RevCommit code =
        commit(
            "Retry payment calls",
            "Alice Dev",
            at("13:40"),
            DAY.minus(Duration.ofDays(10)), // authored long ago, landed in the window: counted
            "services/checkout/src/App.java");
    commit("After detection", "Late Larry", at("14:30"), "services/checkout/src/App.java");

    Finding finding = probe(settings()).inspect(request("checkout", "13:00", "14:00"));

    assertThat(finding.probe()).isEqualTo(DiagnosisProbe.GIT_CHANGES);
    assertThat(finding.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    assertThat(finding.summary())
        .startsWith("2 commits on shop/services/checkout since 12:00 UTC (1 config change)")
        .contains("newest " + id(code) + " at 13:40 UTC by Alice Dev: \"Retry payment calls\"")
        .contains(
            "config change "
                + id(config)
                + " at 13:10 UTC by Carol Config: \"Lower checkout timeouts\" changed"
                + " deploy/checkout/values.yaml");
    assertThat(finding.facts())
        .containsEntry(FindingFacts.COMMIT, id(code))
        .containsEntry(FindingFacts.COMMIT_AT, "2026-11-30T13:40:00Z")
        .containsEntry(FindingFacts.COMMIT_AUTHOR, "Alice Dev")
        .containsEntry(FindingFacts.COMMIT_MESSAGE, "Retry payment calls")
        .containsEntry(FindingFacts.CONFIG_CHANGE_COMMIT, id(config))
        .containsEntry(FindingFacts.CONFIG_CHANGE_AT, "2026-11-30T13:10:00Z")
        .containsEntry(FindingFacts.CONFIG_CHANGE_FILES, "deploy/checkout/values.yaml")
        .containsEntry(FindingFacts.CONFIG_CHANGE_AUTHOR, "Carol Config");
    assertThat(finding.evidence())
        .containsExactly(
            "13:40 UTC "
                + id(code)
                + " Alice Dev: Retry payment calls — services/checkout/src/App.java",
            "13:10 UTC "
                + id(config)
                + " Carol Config: Lower checkout timeouts [config] — deploy/checkout/values.yaml",
            "1 commit(s) after the window's end not counted");
    assertThat(String.join("\n", finding.evidence()) + finding.summary() + finding.facts())
        .doesNotContain("@example.com")
        .doesNotContain("Paul Payments")
        .doesNotContain("Olga Old");
  }

  @Test
  void inspect_givenOnlyAConfigChange_setsTheCommitAndConfigFactsToIt() throws Exception {
    commit("Initial", "Olga Old", at("09:00"), "services/checkout/src/App.java");
    RevCommit flags =
        commit("Enable new-pricing flag", "Fred Flags", at("13:50"), "config/checkout-flags.json");

    Finding finding = probe(settings()).inspect(request("checkout", "13:00", "14:00"));

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    assertThat(finding.facts())
        .containsEntry(FindingFacts.COMMIT, id(flags))
        .containsEntry(FindingFacts.CONFIG_CHANGE_COMMIT, id(flags))
        .containsEntry(FindingFacts.CONFIG_CHANGE_FILES, "config/checkout-flags.json");
    assertThat(finding.summary())
        .contains("(1 config change)")
        .contains("changed config/checkout-flags.json");
  }

  @Test
  void inspect_whenNothingTouchedTheServiceInTheWindow_isHealthyAndSaysSinceWhen()
      throws Exception {
    commit("Initial", "Olga Old", at("09:00"), "services/payments/src/Pay.java");
    RevCommit other =
        commit("Checkout only", "Alice Dev", at("14:30"), "services/checkout/src/App.java");

    Finding finding = probe(settings()).inspect(request("payments", "15:00", "16:00"));

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.HEALTHY);
    assertThat(finding.summary()).isEqualTo("no commits on shop/services/payments since 14:00 UTC");
    assertThat(finding.evidence())
        .containsExactly("main at " + id(other) + " (2026-11-30 14:30 UTC)");
    assertThat(finding.facts()).isEmpty();
  }

  @Test
  void inspect_secondCall_fetchesWhatWasPushedSinceTheFirst() throws Exception {
    commit("Initial", "Olga Old", at("09:00"), "services/payments/src/Pay.java");
    GitChanges probe = probe(settings());
    assertThat(probe.inspect(request("payments", "15:00", "16:00")).outcome())
        .isEqualTo(FindingOutcome.HEALTHY);

    RevCommit pushed =
        commit("Bump payments client", "Paul Payments", at("15:20"), "services/payments/pom.xml");
    Finding second = probe.inspect(request("payments", "15:00", "16:00"));

    assertThat(second.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    assertThat(second.fact(FindingFacts.COMMIT)).isEqualTo(id(pushed));
    assertThat(second.fact(FindingFacts.CONFIG_CHANGE_COMMIT)).isNull();
  }

  @Test
  void inspect_aCommitFromASkewedClock_doesNotHideWhatLandedBeforeIt() throws Exception {
    commit("Initial", "Olga Old", at("09:00"), "services/checkout/src/App.java");
    RevCommit first = commit("First", "Alice Dev", at("13:10"), "services/checkout/src/App.java");
    commit("Skewed", "Sam Skew", Instant.parse("1980-01-01T00:00:00Z"), "services/checkout/b.txt");
    RevCommit last = commit("Last", "Alice Dev", at("13:40"), "services/checkout/src/App.java");

    Finding finding = probe(settings()).inspect(request("checkout", "13:00", "14:00"));

    assertThat(finding.summary()).startsWith("2 commits on shop/services/checkout");
    assertThat(finding.evidence())
        .hasSize(2)
        .anySatisfy(line -> assertThat(line).contains(id(first)))
        .anySatisfy(line -> assertThat(line).contains(id(last)));
  }

  @Test
  void inspect_manyCommits_boundsTheEvidenceAndCountsTheRest() throws Exception {
    for (int i = 0; i < 30; i++) {
      commit(
          "Change " + i,
          "Alice Dev",
          at("13:00").plusSeconds(60L * i),
          "services/checkout/src/File" + i + ".java");
    }

    Finding finding = probe(settings()).inspect(request("checkout", "13:00", "14:00"));

    assertThat(finding.summary()).startsWith("30 commits on shop/services/checkout");
    assertThat(finding.evidence()).hasSize(GitChanges.MAX_EVIDENCE);
    assertThat(finding.evidence().get(0)).contains("Change 29");
    assertThat(finding.evidence().get(GitChanges.MAX_EVIDENCE - 1))
        .isEqualTo("… and 11 older commit(s)");
  }

  @Test
  void inspect_aCommitWithManyFiles_listsTenAndCountsTheRest() throws Exception {
    String[] files = new String[25];
    for (int i = 0; i < files.length; i++) {
      files[i] = "services/checkout/src/F" + (char) ('a' + i) + ".java";
    }
    commit("Big refactor", "Alice Dev", at("13:30"), files);

    Finding finding = probe(settings()).inspect(request("checkout", "13:00", "14:00"));

    assertThat(finding.evidence().get(0))
        .contains("services/checkout/src/Fj.java")
        .doesNotContain("Fk.java")
        .endsWith("(+15 more files)");
  }

  @Test
  void inspect_hostileAuthorAndAHugeMessage_areBoundedToOneCleanLine() throws Exception {
    String author = "<!channel> *Mallory*\u202e\u0007\n" + "x".repeat(500);
    String message =
        "Innocent <!channel> fix\u0000\u001b[31m" + "A".repeat(5_000) + "\nSecond line";
    commit(message, author, at("13:30"), "services/checkout/src/App.java");

    Finding finding = probe(settings()).inspect(request("checkout", "13:00", "14:00"));

    String authorFact = finding.fact(FindingFacts.COMMIT_AUTHOR);
    String messageFact = finding.fact(FindingFacts.COMMIT_MESSAGE);
    // JGit drops < > from names when it writes them; the rest stays text (Slack escapes it)
    assertThat(authorFact).startsWith("!channel *Mallory* x").hasSizeLessThanOrEqualTo(60);
    assertThat(messageFact)
        .startsWith("Innocent <!channel> fix")
        .hasSizeLessThanOrEqualTo(120)
        .endsWith("…");
    for (String text :
        List.of(authorFact, messageFact, finding.summary(), finding.evidence().get(0))) {
      assertThat(text).doesNotContain("\n", "\u0000", "\u0007", "\u001b", "\u202e", "Second line");
    }
    assertThat(finding.summary()).hasSizeLessThan(400);
    assertThat(finding.evidence().get(0)).hasSizeLessThan(400);
  }

  @Test
  void inspect_withExplicitPathsAndAWholeRepositoryMapping_filtersByThoseOnly() throws Exception {
    commit("Initial", "Olga Old", at("09:00"), "README.md");
    RevCommit docs = commit("Docs", "Dora Docs", at("13:20"), "docs/guide.md");
    RevCommit chart = commit("Chart", "Hank Helm", at("13:30"), "charts/search/values-prod.yaml");
    GitSettings settings =
        new GitSettings(
            Map.of(
                "shop", new RepositorySettings(originUrl, null, null, null, null),
                "search", new RepositorySettings(originUrl, null, null, null, null)),
            Map.of(
                "checkout",
                new ServicePaths(
                    "shop", List.of("services/checkout"), List.of("charts/checkout/**"))),
            temp.resolve("mirrors").toString(),
            null,
            null,
            null);

    Finding checkout = probe(settings).inspect(request("checkout", "13:00", "14:00"));
    Finding search = probe(settings).inspect(request("search", "13:00", "14:00"));

    assertThat(checkout.outcome()).isEqualTo(FindingOutcome.HEALTHY);
    assertThat(checkout.summary())
        .isEqualTo("no commits on shop/services/checkout,charts/checkout/** since 12:00 UTC");
    // no mapping: the repository of the service's own name, whole; its chart values are config
    assertThat(search.summary())
        .startsWith("2 commits on search since 12:00 UTC (1 config change)");
    assertThat(search.fact(FindingFacts.COMMIT)).isEqualTo(id(chart));
    assertThat(search.fact(FindingFacts.CONFIG_CHANGE_FILES))
        .isEqualTo("charts/search/values-prod.yaml");
    assertThat(search.evidence()).anyMatch(line -> line.contains(id(docs)));
  }

  @Test
  void inspect_withArgoCdHistory_saysWhichDeployShippedEachCommit() throws Exception {
    commit("Initial", "Olga Old", Instant.parse("2025-11-26T08:00:00Z"), "services/checkout/a.txt");
    RevCommit config =
        commit("Raise limits", "Carol Config", day25("12:30"), "deploy/checkout/values.yaml");
    RevCommit code =
        commit("Retry payment calls", "Alice Dev", day25("13:30"), "services/checkout/App.java");
    try (MockWebServer argo = new MockWebServer()) {
      // ArgoCD's own answer; the newest deploy shipped the config commit, the oldest a revision
      // of another repository (not in the mirror: ignored)
      String body =
          resource("/argocd/application-recent-deploy.json")
              .replace("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", config.name());
      argo.enqueue(
          new MockResponse.Builder()
              .addHeader("Content-Type", "application/json")
              .body(body)
              .build());
      argo.start();

      Finding finding = inspectWithArgoCd(argo);

      assertThat(finding.evidence())
          .containsExactly(
              "13:30 UTC "
                  + id(code)
                  + " Alice Dev: Retry payment calls — services/checkout/App.java; not deployed yet"
                  + " (last deploy "
                  + id(config)
                  + " at 13:50 UTC)",
              "12:30 UTC "
                  + id(config)
                  + " Carol Config: Raise limits [config] — deploy/checkout/values.yaml; shipped in"
                  + " deploy "
                  + id(config)
                  + " at 13:50 UTC");
      assertThat(finding.summary()).contains("not deployed yet");
    }
  }

  @Test
  void inspect_whenArgoCdFails_listsTheCommitsAndSaysWhyDeploysAreUnknown() throws Exception {
    RevCommit code =
        commit("Retry payment calls", "Alice Dev", day25("13:30"), "services/checkout/App.java");
    try (MockWebServer argo = new MockWebServer()) {
      argo.enqueue(new MockResponse.Builder().code(503).body("upstream connect error").build());
      argo.start();

      Finding finding = inspectWithArgoCd(argo);

      assertThat(finding.outcome()).isEqualTo(FindingOutcome.ANOMALY);
      assertThat(finding.fact(FindingFacts.COMMIT)).isEqualTo(id(code));
      assertThat(finding.evidence().get(0))
          .startsWith("deploys unknown: ArgoCD application checkout answered 503");
    }
  }

  // ---- what it cannot do

  @Test
  void inspect_serviceWithoutRepository_isNotConfiguredNamingTheProperty() {
    ApplicationFailure failure =
        failure(
            catchThrowable(() -> probe(settings()).inspect(request("search", "13:00", "14:00"))));

    assertThat(failure.getType()).isEqualTo(FailureType.NOT_CONFIGURED.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("incident.git.services.search.repository");
  }

  @Test
  void inspect_unreachableRemote_isRetryableUnavailable() throws IOException {
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort(); // closed again: nothing listens there
    }
    GitSettings settings =
        settings("http://127.0.0.1:" + port + "/shop.git", null, Duration.ofSeconds(5));

    ApplicationFailure failure =
        failure(
            catchThrowable(() -> probe(settings).inspect(request("checkout", "13:00", "14:00"))));

    assertThat(failure.getType()).isEqualTo(FailureType.UNAVAILABLE.type());
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).startsWith("git shop (http://127.0.0.1:" + port);
  }

  @Test
  void inspect_remoteThatNeverAnswers_givesUpWithinTheFetchTimeoutAndIsRetryable()
      throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(
          new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
      server.start();
      GitSettings settings =
          settings(server.url("/shop.git").toString(), null, Duration.ofSeconds(1));

      long started = System.nanoTime();
      ApplicationFailure failure =
          failure(
              catchThrowable(() -> probe(settings).inspect(request("checkout", "13:00", "14:00"))));
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(failure.getType()).isEqualTo(FailureType.UNAVAILABLE.type());
      assertThat(failure.isNonRetryable()).isFalse();
      assertThat(took).isLessThan(Duration.ofSeconds(10));
      assertThat(server.getRequestCount()).isPositive();
    }
  }

  @Test
  void inspect_whenTheFetchFails_afterAnEarlierClone_saysTheMirrorIsStaleAndDoesNotAnswerFromIt()
      throws Exception {
    commit("Initial", "Olga Old", at("09:00"), "services/checkout/src/App.java");
    commit("In window", "Alice Dev", at("13:30"), "services/checkout/src/App.java");
    GitChanges probe = probe(settings());
    assertThat(probe.inspect(request("checkout", "13:00", "14:00")).outcome())
        .isEqualTo(FindingOutcome.ANOMALY);
    // the remote goes away (moved), the mirror stays
    Files.move(temp.resolve("origin"), temp.resolve("moved"));

    ApplicationFailure failure =
        failure(catchThrowable(() -> probe.inspect(request("checkout", "13:00", "14:00"))));

    assertThat(failure.getOriginalMessage()).contains("the mirror as of ").contains("was not used");
  }

  @Test
  void inspect_whenTheServerRefusesTheToken_isNotRetriedAndNeverShowsTheToken() throws Exception {
    String token = "glpat-SECRET-TOKEN-123";
    GitCredentialsRefused refusing = new GitCredentialsRefused();
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(refusing);
      server.start();
      GitSettings settings =
          settings(server.url("/shop.git").toString(), token, Duration.ofSeconds(5));

      ApplicationFailure failure =
          failure(
              catchThrowable(() -> probe(settings).inspect(request("checkout", "13:00", "14:00"))));

      assertThat(failure.getType()).isEqualTo(FailureType.INVALID_CREDENTIALS.type());
      assertThat(failure.isNonRetryable()).isTrue();
      assertThat(failure.getOriginalMessage()).doesNotContain(token);
      assertThat(refusing.authorizations()).isNotEmpty();
      assertThat(settings.toString()).doesNotContain(token);
    }
  }

  @Test
  void inspect_branchThatDoesNotExist_isNotFoundNamingTheProperty() throws Exception {
    commit("Initial", "Olga Old", at("09:00"), "services/checkout/src/App.java");
    GitSettings settings =
        new GitSettings(
            Map.of("shop", new RepositorySettings(originUrl, "release", null, null, null)),
            Map.of("checkout", new ServicePaths("shop", List.of("services/checkout"), List.of())),
            temp.resolve("mirrors").toString(),
            null,
            null,
            null);

    ApplicationFailure failure =
        failure(
            catchThrowable(() -> probe(settings).inspect(request("checkout", "13:00", "14:00"))));

    assertThat(failure.getType()).isEqualTo(FailureType.NOT_FOUND.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("incident.git.repositories.shop.branch");
  }

  // ---- the mirror

  @Test
  void inspect_withAHalfWrittenMirror_clonesAgainAndAnswers() throws Exception {
    commit("Initial", "Olga Old", at("09:00"), "services/checkout/src/App.java");
    RevCommit code =
        commit("In window", "Alice Dev", at("13:30"), "services/checkout/src/App.java");
    GitSettings settings = settings();
    GitMirrors mirrors = new GitMirrors(settings, CLOCK);
    Path mirror = mirrors.directory("shop", settings.repositories().get("shop"));
    // a clone that died half-way: a bare repository's skeleton without objects or marker
    Files.createDirectories(mirror.resolve("objects/pack"));
    Files.createDirectories(mirror.resolve("refs/heads"));
    Files.writeString(mirror.resolve("HEAD"), "ref: refs/heads/main\n");
    Files.writeString(
        mirror.resolve("refs/heads/main"), "0123456789012345678901234567890123456789\n");
    Path leftover = mirror.resolveSibling(mirror.getFileName() + ".partial-1");
    Files.createDirectories(leftover.resolve("objects"));

    Finding finding = probe(settings).inspect(request("checkout", "13:00", "14:00"));

    assertThat(finding.fact(FindingFacts.COMMIT)).isEqualTo(id(code));
    assertThat(mirror.resolve(GitMirrors.MARKER)).exists();
    assertThat(leftover).doesNotExist();
  }

  @Test
  void inspect_withAMirrorWhoseObjectsAreDamaged_failsRetryablyAndTheRetryClonesAgain()
      throws Exception {
    commit("Initial", "Olga Old", at("09:00"), "services/checkout/src/App.java");
    RevCommit code =
        commit("In window", "Alice Dev", at("13:30"), "services/checkout/src/App.java");
    GitSettings settings = settings();
    GitChanges probe = probe(settings);
    probe.inspect(request("checkout", "13:00", "14:00"));
    Path mirror =
        new GitMirrors(settings, CLOCK).directory("shop", settings.repositories().get("shop"));
    // the branch now names an object the mirror does not hold (objects lost, marker kept)
    Files.writeString(
        mirror.resolve("refs/heads/main"), "0123456789012345678901234567890123456789\n");
    Files.deleteIfExists(mirror.resolve("packed-refs"));

    Throwable first = catchThrowable(() -> probe.inspect(request("checkout", "13:00", "14:00")));
    Finding retry = probe.inspect(request("checkout", "13:00", "14:00"));

    assertThat(failure(first).isNonRetryable()).isFalse();
    assertThat(retry.fact(FindingFacts.COMMIT)).isEqualTo(id(code));
  }

  @Test
  void warmUp_clonesEveryRepositoryBeforeTheFirstIncident() throws Exception {
    commit("Initial", "Olga Old", at("09:00"), "services/checkout/src/App.java");
    GitSettings settings = settings();
    Path mirror =
        new GitMirrors(settings, CLOCK).directory("shop", settings.repositories().get("shop"));

    probe(settings).warmUp();

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!Files.exists(mirror.resolve(GitMirrors.MARKER)) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(mirror.resolve(GitMirrors.MARKER)).exists();
  }

  @Test
  void inspect_calledFromManyThreadsAtOnce_allAnswerFromOneMirror() throws Exception {
    commit("Initial", "Olga Old", at("09:00"), "services/checkout/src/App.java");
    RevCommit code =
        commit("In window", "Alice Dev", at("13:30"), "services/checkout/src/App.java");
    GitChanges probe = probe(settings());
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Callable<Finding>> calls = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        calls.add(() -> probe.inspect(request("checkout", "13:00", "14:00")));
      }
      for (Future<Finding> result : pool.invokeAll(calls)) {
        assertThat(result.get().fact(FindingFacts.COMMIT)).isEqualTo(id(code));
      }
    } finally {
      pool.shutdownNow();
    }
    try (Stream<Path> mirrors = Files.list(temp.resolve("mirrors"))) {
      assertThat(mirrors.map(p -> p.getFileName().toString()).toList())
          .singleElement()
          .satisfies(name -> assertThat(name).startsWith("shop-").endsWith(".git"));
    }
  }

  // ---- settings

  @Test
  void settings_refuseWhatCannotWork_namingTheProperty() {
    assertThatThrownBy(() -> settings("ssh://git@example.com/shop.git", null, null))
        .hasMessageContaining("incident.git.repositories.shop.url is an SSH URL");
    assertThatThrownBy(() -> settings("git@example.com:shop.git", null, null))
        .hasMessageContaining("incident.git.repositories.shop.url is an SSH URL");
    assertThatThrownBy(() -> settings("https://user:secret-pw@example.com/shop.git", null, null))
        .hasMessageContaining("incident.git.repositories.shop.url carries credentials")
        .hasMessageNotContaining("secret-pw");
    assertThatThrownBy(() -> settings("http://git.example.com/shop.git", "tok", null))
        .hasMessageContaining("incident.git.repositories.shop: a token is sent over https://");
    assertThatThrownBy(
            () ->
                new GitSettings(
                    Map.of(
                        "shop",
                        new RepositorySettings(
                            "https://example.com/shop.git", null, null, null, null)),
                    Map.of("checkout", new ServicePaths("shopp", List.of(), List.of())),
                    null,
                    null,
                    null,
                    null))
        .hasMessageContaining("incident.git.services.checkout.repository names shopp");
    assertThatThrownBy(
            () ->
                new GitSettings(
                    Map.of("shop", new RepositorySettings(originUrl, null, null, null, null)),
                    Map.of(
                        "checkout", new ServicePaths("shop", List.of("services/{a,b"), List.of())),
                    null,
                    null,
                    null,
                    null))
        .hasMessageContaining("incident.git.services.checkout.code-paths: unbalanced {");
    assertThatThrownBy(() -> settings("https://example.com/shop.git", null, Duration.ZERO))
        .hasMessageContaining("incident.git.fetch-timeout must be positive");
  }

  @Test
  void settings_tokenFile_isReadAtEachFetchAndNeverPrinted() throws Exception {
    Path file = temp.resolve("token");
    Files.writeString(file, "first-token\n");
    RepositorySettings repository =
        new RepositorySettings("https://example.com/shop.git", null, null, null, file.toString());
    assertThat(repository.currentToken()).isEqualTo("first-token");
    Files.writeString(file, "rotated-token");
    assertThat(repository.currentToken()).isEqualTo("rotated-token");
    assertThat(repository.toString()).doesNotContain("token\n").doesNotContain("rotated-token");
    assertThatThrownBy(
            () ->
                new GitSettings(
                    Map.of(
                        "shop",
                        new RepositorySettings(
                            "https://example.com/shop.git",
                            null,
                            null,
                            null,
                            temp.resolve("none").toString())),
                    null,
                    null,
                    null,
                    null,
                    null))
        .hasMessageContaining("incident.git.repositories.shop.token-file");
  }

  // ---- helpers

  private GitSettings settings() {
    return settings(originUrl, null, null);
  }

  private GitSettings settings(String url, String token, Duration fetchTimeout) {
    return new GitSettings(
        Map.of("shop", new RepositorySettings(url, null, null, token, null)),
        Map.of(
            "checkout", new ServicePaths("shop", List.of("services/checkout"), List.of()),
            "payments", new ServicePaths("shop", List.of("services/payments/"), List.of())),
        temp.resolve("mirrors").toString(),
        fetchTimeout,
        null,
        null);
  }

  private static GitChanges probe(GitSettings settings) {
    return new GitChanges(settings, CLOCK);
  }

  private static DiagnosisRequest request(String service, String from, String to) {
    return new DiagnosisRequest("inc-1", service, "shop", Map.of(), at(from), at(to));
  }

  private static Instant at(String hhmm) {
    return Instant.parse("2026-11-30T" + hhmm + ":00Z");
  }

  private RevCommit commit(String message, String author, Instant committed, String... files)
      throws Exception {
    return commit(message, author, committed, committed, files);
  }

  private RevCommit commit(
      String message, String author, Instant committed, Instant authored, String... files)
      throws Exception {
    Path work = temp.resolve("origin");
    for (String file : files) {
      Path path = work.resolve(file);
      Files.createDirectories(path.getParent());
      String previous = Files.exists(path) ? Files.readString(path) : "";
      Files.writeString(
          path, previous + message.length() + committed + "\n", StandardCharsets.UTF_8);
      origin.add().addFilepattern(file).call();
    }
    String email = "someone@example.com";
    return origin
        .commit()
        .setMessage(message)
        .setAuthor(new PersonIdent(author, email, authored, ZoneOffset.UTC))
        .setCommitter(new PersonIdent(author, email, committed, ZoneOffset.UTC))
        .call();
  }

  private static Instant day25(String hhmm) {
    return Instant.parse("2025-11-26T" + hhmm + ":00Z");
  }

  /** The checkout service's changes of 2025-11-26 13:00-14:00, with ArgoCD's deploys. */
  private Finding inspectWithArgoCd(MockWebServer argo) {
    return new GitChanges(settings(), argoCd(argo), CLOCK)
        .inspect(
            new DiagnosisRequest(
                "inc-1", "checkout", "shop", Map.of(), day25("13:00"), day25("14:00")));
  }

  /** ArgoCD's history as the worker adapts it. */
  private static DeployHistory argoCd(MockWebServer argo) {
    ArgoCdChanges changes =
        new ArgoCdChanges(
            new ArgoCdSettings(argo.url("/").toString(), null, null, null),
            new OkHttpClient(),
            CLOCK);
    return service ->
        changes.deployHistory(service).stream()
            .map(d -> new DeployHistory.Deployed(d.revision(), d.at()))
            .toList();
  }

  private static String resource(String path) throws IOException {
    try (var in = GitChangesTest.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String id(RevCommit commit) {
    return commit.abbreviate(12).name();
  }

  private static ApplicationFailure failure(Throwable thrown) {
    assertThat(thrown).isInstanceOf(ApplicationFailure.class);
    return (ApplicationFailure) thrown;
  }
}
