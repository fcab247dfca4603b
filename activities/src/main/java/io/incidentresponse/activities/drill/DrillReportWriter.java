package io.incidentresponse.activities.drill;

import io.incidentresponse.activities.TextFiles;
import io.incidentresponse.workflows.drill.DrillState;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes the drill report to {@code incident.drill.report-directory} as {@code <drill
 * id>-<started>.md}: one file per drill run, written again (same name, same text) on a retry.
 */
final class DrillReportWriter {
  private final Path directory;

  DrillReportWriter(DrillSettings settings) {
    this.directory = Path.of(settings.reportDirectory());
  }

  String write(DrillState state) {
    Path file = directory.resolve(fileName(state)).toAbsolutePath().normalize();
    TextFiles.writeIfChanged(file, DrillReportText.render(state), "drill report");
    return file.toString();
  }

  static String fileName(DrillState state) {
    Instant started = state.startedAt == null ? Instant.EPOCH : state.startedAt;
    String id = state.drillId == null ? "drill" : state.drillId.replaceAll("[^A-Za-z0-9._-]", "_");
    return id + "-" + started.toString().replace(":", "").replace(".", "") + ".md";
  }
}
