package io.incidentresponse.activities;

import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Documents the worker writes to a directory (postmortems, drill reports). */
public final class TextFiles {
  private TextFiles() {}

  /**
   * Writes {@code content} to {@code file} unless it holds exactly that already; answers whether it
   * wrote. Written beside and moved over, so a reader never sees half a document. A directory that
   * is not writable is a non-retryable NOT_CONFIGURED; other I/O failures are retried.
   *
   * @param what the document, for messages ("postmortem", "drill report")
   */
  public static boolean writeIfChanged(Path file, String content, String what) {
    try {
      if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
        return false;
      }
      Files.createDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), ".document-", ".tmp");
      try {
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        try {
          Files.move(
              temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
      return true;
    } catch (AccessDeniedException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          what + " directory is not writable: " + e.getFile(), FailureType.NOT_CONFIGURED.type());
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "writing the " + what + " to " + file + " failed: " + e, FailureType.UNAVAILABLE.type());
    }
  }
}
