package io.incidentresponse.workflows;

import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The workflow histories the replay tests keep under {@code src/test/resources/histories}, each
 * file named after its workflow id. A stored history stands for a workflow running at its time:
 * recording never overwrites one.
 */
public final class StoredHistories {
  private StoredHistories() {}

  /** The stored history of {@code workflowId}, as JSON. */
  public static String read(String workflowId) throws IOException {
    String resource = "histories/" + workflowId + ".json";
    try (InputStream in = StoredHistories.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Stores {@code history} as {@code workflowId}'s, unless one is stored already. */
  public static void write(String workflowId, WorkflowExecutionHistory history) throws IOException {
    Path file = Path.of("src/test/resources/histories", workflowId + ".json");
    if (Files.exists(file)) {
      return;
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, history.toJson(true));
  }
}
