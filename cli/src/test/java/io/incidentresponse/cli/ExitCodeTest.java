package io.incidentresponse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExitCodeTest {

  @ParameterizedTest(name = "HTTP {0} exits {1}")
  @CsvSource({
    "200, DONE",
    "202, DONE",
    "400, BAD_INPUT",
    "401, REFUSED",
    "403, REFUSED",
    "404, NOT_FOUND",
    "409, BAD_INPUT",
    "413, BAD_INPUT",
    "415, BAD_INPUT",
    "422, BAD_INPUT",
    "500, SERVER_ERROR",
    "501, NOT_SUPPORTED",
    "502, UNREACHABLE",
    "503, UNREACHABLE",
    "504, UNREACHABLE"
  })
  void ofStatus_mapsEachKindOfAnswerToItsOwnCode(int status, ExitCode expected) {
    assertThat(ExitCode.ofStatus(status)).isEqualTo(expected);
  }

  @Test
  void codes_areDistinct_andUsageIsNotPicoclisTwo() {
    assertThat(Arrays.stream(ExitCode.values()).map(ExitCode::code)).doesNotHaveDuplicates();
    assertThat(ExitCode.USAGE.code()).isNotEqualTo(2).isEqualTo(64);
    assertThat(ExitCode.UNREACHABLE.code()).isEqualTo(2);
  }
}
