package io.incidentresponse.cli;

/**
 * A call that did not get what it asked for: the exit code it ends with and the lines to print on
 * stderr (the problem's {@code detail}, then a hint of what to do, if any).
 */
public class ApiFailure extends RuntimeException {
  private final ExitCode exitCode;
  private final String hint;

  public ApiFailure(ExitCode exitCode, String message, String hint) {
    super(message);
    this.exitCode = exitCode;
    this.hint = hint;
  }

  public ApiFailure(ExitCode exitCode, String message) {
    this(exitCode, message, null);
  }

  public ExitCode exitCode() {
    return exitCode;
  }

  /** One line of what to do, or null. */
  public String hint() {
    return hint;
  }
}
