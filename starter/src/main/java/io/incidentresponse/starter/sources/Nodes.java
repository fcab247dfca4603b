package io.incidentresponse.starter.sources;

import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.starter.webhook.InputLimits;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reading a vendor's payload by dotted field names, the names a refusal shows. */
final class Nodes {
  private Nodes() {}

  /** The node at {@code path} ({@code data.event.title}) below {@code root}; missing if absent. */
  static JsonNode at(JsonNode root, String path) {
    JsonNode node = root;
    for (String part : path.split("\\.")) {
      node = node.path(part);
    }
    return node;
  }

  /** The scalar at {@code path} as text; null when absent, null or blank; 422 when not scalar. */
  static String text(JsonNode root, String path) {
    JsonNode node = at(root, path);
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (!node.isValueNode()) {
      throw BadInputException.invalid(path, path + " must be a string or a number");
    }
    String text = node.asString();
    return text.isBlank() ? null : text.trim();
  }

  /** Like {@link #text}; 422 naming {@code path} when it is absent. */
  static String required(JsonNode root, String path) {
    String text = text(root, path);
    if (text == null) {
      throw BadInputException.missing(path);
    }
    return text;
  }

  /**
   * The strings at {@code path}: an array's non-blank scalars in order, or the one scalar; empty
   * when absent or null; 422 naming {@code path} when an element is not a scalar.
   */
  static List<String> texts(JsonNode root, String path) {
    JsonNode node = at(root, path);
    if (!node.isArray()) {
      String one = text(root, path);
      return one == null ? List.of() : List.of(one);
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode element : node) {
      if (element.isNull()) {
        continue;
      }
      if (!element.isValueNode()) {
        throw BadInputException.invalid(path, path + " must be a list of strings");
      }
      if (!element.asString().isBlank()) {
        texts.add(element.asString().trim());
      }
    }
    return texts;
  }

  /**
   * Like {@link #required}, for a value that becomes part of a label or fingerprint: 422 naming
   * {@code path} when longer than {@code incident.limits.label-value-length}.
   */
  static String requiredId(JsonNode root, String path, InputLimits limits) {
    String id = required(root, path);
    limits.labelValue(path, id);
    return id;
  }
}
