package io.incidentresponse.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.incidentresponse.activities.diagnosis.DiagnosisRouter;
import io.incidentresponse.activities.git.GitSettings;
import io.incidentresponse.workflows.diagnosis.DiagnosisActivities;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingFacts;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With {@code incident.git.*} set, the worker serves GIT_CHANGES from the configured repository.
 */
@SpringBootTest(properties = "spring.temporal.test-server.enabled=true")
class GitChangesWiringTest {
  private static final Instant LANDED = Instant.parse("2026-11-30T13:40:00Z");
  private static final Path TEMP;
  private static final RevCommit COMMIT;

  static {
    try {
      TEMP = Files.createTempDirectory("git-wiring");
      try (Git origin =
          Git.init()
              .setDirectory(TEMP.resolve("origin").toFile())
              .setInitialBranch("main")
              .call()) {
        Path values = TEMP.resolve("origin/deploy/checkout/values.yaml");
        Files.createDirectories(values.getParent());
        Files.writeString(values, "replicas: 3\n");
        origin.add().addFilepattern("deploy/checkout/values.yaml").call();
        PersonIdent carol =
            new PersonIdent("Carol Config", "carol@example.com", LANDED, ZoneOffset.UTC);
        COMMIT =
            origin
                .commit()
                .setMessage("Fewer replicas")
                .setAuthor(carol)
                .setCommitter(carol)
                .call();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void git(DynamicPropertyRegistry registry) {
    registry.add(
        "incident.git.repositories.shop.url", () -> TEMP.resolve("origin").toUri().toString());
    registry.add("incident.git.services.checkout.repository", () -> "shop");
    registry.add("incident.git.services.checkout.code-paths", () -> "services/checkout");
    registry.add("incident.git.mirror-directory", () -> TEMP.resolve("mirrors").toString());
    registry.add("incident.git.fetch-timeout", () -> "5s");
  }

  @AfterAll
  static void removeTemp() throws IOException {
    try (Stream<Path> files = Files.walk(TEMP)) {
      files.sorted(Comparator.reverseOrder()).forEach(GitChangesWiringTest::delete);
    }
  }

  @Autowired DiagnosisActivities diagnosis;
  @Autowired GitSettings settings;

  @Test
  void configuredRepository_isServedAndAnswersFromItsMirror() {
    assertThat(((DiagnosisRouter) diagnosis).served())
        .containsEntry(DiagnosisProbe.GIT_CHANGES, true);
    assertThat(settings.fetchTimeout()).isEqualTo(Duration.ofSeconds(5));

    Finding finding =
        diagnosis.inspectGitChanges(
            new DiagnosisRequest(
                "inc-1",
                "checkout",
                "shop",
                Map.of(),
                LANDED.minus(Duration.ofMinutes(30)),
                LANDED.plus(Duration.ofMinutes(30))));

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    assertThat(finding.fact(FindingFacts.CONFIG_CHANGE_COMMIT))
        .isEqualTo(COMMIT.abbreviate(12).name());
    assertThat(TEMP.resolve("mirrors")).isNotEmptyDirectory();
  }

  @Test
  void serviceWithoutRepository_isNotConfiguredNamingTheProperty() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                diagnosis.inspectGitChanges(
                    new DiagnosisRequest(
                        "inc-1", "search", "shop", Map.of(), LANDED, LANDED.plusSeconds(60))));

    assertThat(failure.getType()).isEqualTo(FailureType.NOT_CONFIGURED.type());
    assertThat(failure.getOriginalMessage()).contains("incident.git.services.search.repository");
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
