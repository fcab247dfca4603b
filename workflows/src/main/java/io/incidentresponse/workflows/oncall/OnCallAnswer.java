package io.incidentresponse.workflows.oncall;

import java.time.Instant;
import java.util.List;

/**
 * The roster's answer to an {@link OnCallQuery}.
 *
 * @param at the instant answered for
 * @param shifts one per rotation of the asked team(s), in configuration order
 * @param problems what could not be answered (e.g. a calendar that could not be read), one line
 *     each; empty when everything was read
 */
public record OnCallAnswer(Instant at, List<OnCallShift> shifts, List<String> problems) {
  public OnCallAnswer {
    shifts = shifts == null ? List.of() : List.copyOf(shifts);
    problems = problems == null ? List.of() : List.copyOf(problems);
  }
}
