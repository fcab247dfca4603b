package io.incidentresponse.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(
    name = "postmortem",
    description =
        "The incident's postmortem: where the document is, the review, the action items and what"
            + " keeps it open; with the document's Markdown when it is a file on this machine.")
class PostmortemCommand extends CtlCommand implements Callable<Integer> {
  @Parameters(paramLabel = "ID", description = "the incident id")
  String id;

  @Option(
      names = "--open",
      description = "open the document (its link, or the file) with xdg-open or open")
  boolean open;

  @Option(
      names = "--save",
      paramLabel = "FILE",
      description = "write the document's Markdown to FILE (it must be a file on this machine)")
  Path save;

  /** {@code GET /api/incidents/ID/postmortem}: the postmortem workflow's status query. */
  static JsonNode status(Api api, String id) {
    return api.get(Api.incident(id) + "/postmortem");
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    JsonNode status = status(api(), id);
    Output output = output();
    JsonNode document = status.path("document");
    Path file = localFile(document);
    if (save != null) {
      return saveTo(file, document, output);
    }
    if (open) {
      return openDocument(document, file, output);
    }
    if (output.json()) {
      output.print(status);
      return ExitCode.DONE.code();
    }
    print(status, output);
    if (file != null) {
      output.out().println();
      output.out().print(Files.readString(file, StandardCharsets.UTF_8));
      output.out().flush();
    }
    return ExitCode.DONE.code();
  }

  static void print(JsonNode s, Output output) {
    PrintWriter out = output.out();
    JsonNode document = s.path("document");
    out.printf("postmortem of %s%n", Output.text(s, "incidentId"));
    out.printf(
        "document     %s%n",
        document.isNull() || document.isMissingNode()
            ? "not drafted yet"
                + (s.path("draftError").isNull() ? "" : ": " + Output.text(s, "draftError"))
            : Output.text(document, "location")
                + (document.path("link").isNull()
                    ? ""
                    : " (" + Output.text(document, "link") + ")"));
    out.printf(
        "review       due %s, %s%n",
        Output.text(s, "reviewDueAt"),
        s.path("reviewHeldAt").isNull()
            ? "slot " + Output.text(s, "reviewStartsAt") + ", not held yet"
            : "held " + Output.text(s, "reviewHeldAt"));
    List<String> missing = s.path("missing").valueStream().map(JsonNode::asString).toList();
    out.printf("open points  %s%n", missing.isEmpty() ? "none" : String.join("; ", missing));
    out.println();
    ItemsCommand.table(s.path("actionItems"), output);
  }

  /** The document's Markdown when its location is a readable file here, else null. */
  static Path localFile(JsonNode document) {
    String location = document.path("location").asString("");
    if (location.isBlank() || location.contains("://") || location.startsWith("git@")) {
      return null;
    }
    try {
      Path path = Path.of(location);
      return Files.isRegularFile(path) && Files.isReadable(path) ? path : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private int saveTo(Path file, JsonNode document, Output output) throws IOException {
    if (file == null) {
      throw new ApiFailure(
          ExitCode.NOT_FOUND,
          "the document is not a file on this machine: "
              + where(document)
              + "; --open opens its link");
    }
    try {
      Files.copy(file, save, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new ApiFailure(ExitCode.USAGE, "cannot write " + save + ": " + e);
    }
    output.out().printf("wrote %s%n", save);
    output.out().flush();
    return ExitCode.DONE.code();
  }

  private int openDocument(JsonNode document, Path file, Output output)
      throws IOException, InterruptedException {
    String link = document.path("link").asString("");
    String target = !link.isBlank() ? link : file != null ? file.toString() : null;
    if (target == null) {
      throw new ApiFailure(
          ExitCode.NOT_FOUND, "nothing to open: the document is " + where(document));
    }
    String opener =
        System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac")
            ? "open"
            : "xdg-open";
    try {
      Process process = new ProcessBuilder(opener, target).redirectErrorStream(true).start();
      if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() != 0) {
        throw new IOException(opener + " exited " + process.exitValue());
      }
      output.out().printf("opened %s%n", target);
    } catch (IOException e) {
      output.out().printf("cannot open it here (%s); the document is %s%n", e.getMessage(), target);
    }
    output.out().flush();
    return ExitCode.DONE.code();
  }

  private static String where(JsonNode document) {
    return document.isNull() || document.isMissingNode()
        ? "not drafted yet"
        : Output.text(document, "location");
  }
}
