package io.incidentresponse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BenchSettingsTest {

  @Test
  void workerJava_givenAJdkHome_runsBothWorkersOnIt_andOpenOnlySkipsTheOtherScenarios() {
    String thisJdk = System.getProperty("java.home");

    BenchSettings settings =
        BenchSettings.parse(
            List.of(
                "--temporal",
                "127.0.0.1:7233",
                "--worker-java",
                thisJdk,
                "--open",
                "1000",
                "--open-only"));

    assertThat(settings.workerJava()).isEqualTo(Path.of(thisJdk).toAbsolutePath().normalize());
    assertThat(settings.openOnly()).isTrue();
    assertThat(settings.openCounts()).containsExactly(1000);
  }

  @Test
  void rawCacheSize_givenTenThousandOpen_holdsThemAndTheWarmUp_andNeverBelowTheSdksDefault() {
    BenchSettings large =
        BenchSettings.parse(List.of("--temporal", "127.0.0.1:7233", "--open", "1000,10000,3000"));
    BenchSettings ci = BenchSettings.parse(List.of("--temporal", "127.0.0.1:7233", "--short"));

    // three times what it holds: the SDK's segmented cache evicts below its size
    assertThat(large.rawCacheSize()).isEqualTo(3 * (10_000 + BenchSettings.RAW_CACHE_MARGIN));
    assertThat(ci.openCounts()).containsExactly(200);
    assertThat(ci.rawCacheSize()).isEqualTo(3 * (200 + BenchSettings.RAW_CACHE_MARGIN));
  }

  @Test
  void compactHeaders_givenAJdk25Worker_isPassedUnlessTurnedOff_andNeverToAnOlderJdk()
      throws Exception {
    Path jdk25 = fakeJdk("25.0.3");
    Path jdk17 = fakeJdk("17.0.15");

    BenchSettings on = parse("--worker-java", jdk25.toString());
    BenchSettings off = parse("--worker-java", jdk25.toString(), "--compact-headers", "off");
    BenchSettings old = parse("--worker-java", jdk17.toString());

    assertThat(on.workerJvmOptions()).containsExactly("-XX:+UseCompactObjectHeaders");
    assertThat(off.workerJvmOptions()).isEmpty();
    assertThat(old.workerJvmOptions()).isEmpty();
    assertThatThrownBy(() -> parse("--compact-headers", "yes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--compact-headers is on or off, not yes");
  }

  private static BenchSettings parse(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of("--temporal", "127.0.0.1:7233"));
    all.addAll(List.of(args));
    return BenchSettings.parse(all);
  }

  /** A folder with an executable bin/java and the release file of {@code version}. */
  private static Path fakeJdk(String version) throws java.io.IOException {
    Path home = java.nio.file.Files.createTempDirectory("jdk-" + version);
    Path launcher = java.nio.file.Files.createDirectories(home.resolve("bin")).resolve("java");
    java.nio.file.Files.writeString(launcher, "#!/bin/sh\n");
    launcher.toFile().setExecutable(true);
    java.nio.file.Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
    return home;
  }

  @Test
  void eagerActivities_givenByTheScript_isKept_andUnknownWithoutIt() {
    BenchSettings devServer =
        BenchSettings.parse(List.of("--temporal", "127.0.0.1:7233", "--eager-activities", "false"));
    BenchSettings elsewhere = BenchSettings.parse(List.of("--temporal", "127.0.0.1:7233"));

    assertThat(devServer.eagerActivities()).isFalse();
    assertThat(elsewhere.eagerActivities()).isNull();
    assertThatThrownBy(
            () ->
                BenchSettings.parse(
                    List.of("--temporal", "127.0.0.1:7233", "--eager-activities", "yes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--eager-activities must be true or false, not 'yes'");
  }

  @Test
  void stateSamples_inAShortRun_areEnoughThatTheP99IsNotTheirMaximum() {
    BenchSettings ci = BenchSettings.parse(List.of("--temporal", "127.0.0.1:7233", "--short"));

    assertThat(Stats.percentile(sampleRanks(ci.stateSamples()), 99)).isLessThan(ci.stateSamples());
  }

  private static List<Double> sampleRanks(int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> (double) i).toList();
  }

  @Test
  void workerJava_givenAFolderWithoutJava_isRefusedNamingTheOption() {
    assertThatThrownBy(
            () ->
                BenchSettings.parse(
                    List.of("--temporal", "127.0.0.1:7233", "--worker-java", "/nonexistent-jdk")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--worker-java /nonexistent-jdk has no executable bin/java");
  }

  @Test
  void workerHeap_givenAFullRun_isTheGigabyteTenThousandOpenFitIn_andShortRunsKeepTheirs() {
    BenchSettings full = BenchSettings.parse(List.of("--temporal", "127.0.0.1:7233"));
    BenchSettings ci = BenchSettings.parse(List.of("--temporal", "127.0.0.1:7233", "--short"));
    BenchSettings given =
        BenchSettings.parse(List.of("--temporal", "127.0.0.1:7233", "--worker-heap", "3g"));

    assertThat(full.workerHeap()).isEqualTo("1g");
    assertThat(ci.workerHeap()).isEqualTo("768m");
    assertThat(given.workerHeap()).isEqualTo("3g");
  }

  @Test
  void defaults_runTheWorkersOnTheBenchsOwnJava_andEveryScenario() {
    BenchSettings settings = BenchSettings.parse(List.of("--temporal", "127.0.0.1:7233"));

    assertThat(settings.workerJava()).isNull();
    assertThat(settings.openOnly()).isFalse();
    assertThat(settings.probesOnly()).isFalse();
  }

  @Test
  void probesOnly_runsOnlyTheProbesScenario_withItsStubBesideTheOtherPorts() {
    BenchSettings settings =
        BenchSettings.parse(
            List.of("--temporal", "127.0.0.1:7233", "--probes-only", "--first-port", "27180"));

    assertThat(settings.probesOnly()).isTrue();
    assertThat(settings.diagnosisStubPort()).isEqualTo(27183);
    assertThat(settings.stubPort()).isEqualTo(27182);
  }
}
