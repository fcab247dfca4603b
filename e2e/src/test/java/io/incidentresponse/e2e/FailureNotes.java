package io.incidentresponse.e2e;

import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Puts a failed test on the step log ({@code target/e2e/steps.log}, which {@code scripts/e2e.sh}
 * prints at the end) with the first line of what failed and where to look.
 */
final class FailureNotes implements TestWatcher {
  private final String where;

  /** {@code where}: the logs that tell more, e.g. {@code target/e2e/logs/worker.log}. */
  FailureNotes(String where) {
    this.where = where;
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    String message = Optional.ofNullable(cause.getMessage()).orElse(cause.toString()).strip();
    int newline = message.indexOf('\n');
    String first = newline < 0 ? message : message.substring(0, newline) + " ...";
    E2e.failed(
        context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName(),
        (first.length() > 500 ? first.substring(0, 500) + "..." : first)
            + " | more: e2e/target/failsafe-reports/"
            + context.getRequiredTestClass().getName()
            + ".txt (stack trace) and -output.txt, "
            + where);
  }
}
