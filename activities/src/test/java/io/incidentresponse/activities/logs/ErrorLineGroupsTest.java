package io.incidentresponse.activities.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What reads as an error line, and how repeats of one failure group into one message. */
class ErrorLineGroupsTest {

  @Test
  void errorLines_ofTheCommonFormats_areRecognized() {
    List<String> errors =
        List.of(
            "2025-03-14T14:13:02.511Z ERROR 1 --- [main] c.e.App : boom",
            "java.lang.NullPointerException: Cannot invoke \"String.length()\"",
            "Caused by: java.net.ConnectException: Connection refused",
            "{\"level\":\"error\",\"ts\":1741961582.51,\"msg\":\"dial failed\"}",
            "{\"level\":50,\"time\":1741961582511,\"msg\":\"pino error\"}",
            "ts=2025-03-14T14:13:02Z level=error msg=\"query failed\" err=timeout",
            "panic: runtime error: invalid memory address or nil pointer dereference",
            "Error: connect ECONNREFUSED 10.96.14.22:5432",
            "E0314 14:13:02.511093       1 reflector.go:147] failed to list *v1.Pod",
            "Traceback (most recent call last):",
            "2025/03/14 14:13:02 [error] 29#29: *1 connect() failed (111: Connection refused)",
            "[2025-03-14 14:12:09.911][22][error][upstream] health check failed");
    List<String> notErrors =
        List.of(
            "2025-03-14T14:13:02.511Z  INFO 1 --- [main] c.e.App : 0 errors in batch",
            "{\"level\":\"info\",\"msg\":\"retrying after ConnectException\"}",
            "ts=2025-03-14T14:13:02Z level=warn msg=\"slow query\"",
            "\tat org.postgresql.core.v3.ConnectionFactoryImpl.tryConnect(ConnectionFactoryImpl.java:207)",
            "GET /api/errors 200 12ms",
            "");
    ErrorLineGroups groups = new ErrorLineGroups(100);
    errors.forEach(line -> assertThat(groups.add(line, "pod-a")).as(line).isTrue());
    notErrors.forEach(line -> assertThat(groups.add(line, "pod-a")).as(line).isFalse());
    assertThat(groups.add(null, "pod-a")).isFalse();

    assertThat(groups.errorLines()).isEqualTo(errors.size());
    assertThat(groups.lines()).isEqualTo(errors.size() + notErrors.size() + 1);
  }

  @Test
  void timestampsIdsAndNumbers_areMasked_soRepeatsGroup() {
    ErrorLineGroups groups = new ErrorLineGroups(100);
    groups.add(
        "2025-03-14T14:13:02.511Z ERROR order 84213 failed: request"
            + " 3f1c2a9e-8b7d-4e2a-9c1f-5d6e7a8b9c0d payment 0x7f3a9c21 trace 4bf92f3577b34da6 in"
            + " 1234ms",
        "pod-b");
    groups.add(
        "2025-03-14T14:13:09.004Z ERROR order 84299 failed: request"
            + " 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d payment 0x1 trace deadbeef00112233 in 7ms",
        "pod-a");
    groups.add("2025-03-14T14:13:10.000Z ERROR something else entirely", "pod-c");

    assertThat(groups.top(5))
        .extracting(ErrorLineGroups.Group::describe)
        .containsExactly(
            "2 × ERROR order <n> failed: request <uuid> payment <hex> trace <hex> in <n>ms (pod-a,"
                + " pod-b)",
            "1 × ERROR something else entirely (pod-c)");
    assertThat(groups.othersThan(1)).isEqualTo(1);
  }

  @Test
  void distinctMessagesAndSources_areBounded() {
    ErrorLineGroups groups = new ErrorLineGroups(3);
    for (int i = 0; i < 10; i++) {
      groups.add("ERROR failure kind " + (char) ('a' + i), "pod-" + i);
    }
    for (int i = 0; i < 10; i++) {
      groups.add("ERROR failure kind a", "pod-" + i);
    }

    assertThat(groups.errorLines()).isEqualTo(20);
    assertThat(groups.top(10)).hasSize(3);
    assertThat(groups.top(1).get(0).count()).isEqualTo(11);
    assertThat(groups.top(1).get(0).sources()).hasSize(ErrorLineGroups.MAX_SOURCES);
    assertThat(groups.othersThan(3)).isEqualTo(7);
  }

  @Test
  void aHugeLine_isCutBeforeItIsScannedAndKept() {
    ErrorLineGroups groups = new ErrorLineGroups(10);
    groups.add("ERROR " + "z".repeat(1_000_000), "pod-a");

    assertThat(groups.top(1).get(0).message()).hasSize(ErrorLineGroups.MAX_MESSAGE + 1);
  }
}
