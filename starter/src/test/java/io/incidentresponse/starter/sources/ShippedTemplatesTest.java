package io.incidentresponse.starter.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The payload templates the README tells users to paste into New Relic and Kibana, against the
 * fixtures the ITs post as those vendors' rendering of them: the same fields, so a template changed
 * without its mapping (or the other way round) fails here rather than at a user's first alert.
 */
class ShippedTemplatesTest {
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final Path PAYLOADS = Path.of("src", "test", "resources", "payloads");
  private static final Pattern KEY = Pattern.compile("\"([A-Za-z]+)\"\\s*:");

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void newRelicTemplate_namesEveryFieldOfTheRenderedFixture_andEveryFieldTheMappingReads()
      throws IOException {
    String template = Files.readString(EXAMPLES.resolve("newrelic-webhook-payload.json"));
    JsonNode rendered = json.readTree(PAYLOADS.resolve("newrelic-activated.json").toFile());

    assertThat(keys(template)).isEqualTo(paths(rendered, false));
    assertThat(keys(template))
        .contains(
            "id",
            "state",
            "priority",
            "title",
            "alertConditionNames",
            "impactedEntities",
            "impactedEntityGuids",
            "alertPolicyNames",
            "createdAt",
            "updatedAt",
            "issueUrl",
            "service",
            "env",
            "team");
  }

  @Test
  void kibanaTemplate_hasTheFixturesFieldPaths_eachAMustacheVariable() throws IOException {
    JsonNode template =
        json.readTree(EXAMPLES.resolve("kibana-webhook-connector-body.json").toFile());

    for (String fixture :
        List.of(
            "elastic-query-active.json",
            "elastic-query-recovered.json",
            "elastic-ml-anomaly.json")) {
      assertThat(paths(json.readTree(PAYLOADS.resolve(fixture).toFile()), true))
          .as(fixture)
          .isEqualTo(paths(template, true));
    }
    List<String> notVariables = new ArrayList<>();
    leaves(
        template,
        "",
        (path, value) -> {
          if (!value.matches("\\{\\{[a-zA-Z.]+}}")) {
            notVariables.add(path + "=" + value);
          }
        });
    assertThat(notVariables).isEmpty();
    assertThat(paths(template, true))
        .contains(
            "rule.id",
            "rule.name",
            "rule.tags",
            "alert.id",
            "alert.actionGroup",
            "service",
            "context.reason",
            "context.score",
            "context.anomalyExplorerUrl",
            "date");
  }

  /** The quoted keys of a template that is not JSON yet (New Relic's handlebars). */
  private static TreeSet<String> keys(String text) {
    TreeSet<String> keys = new TreeSet<>();
    Matcher matcher = KEY.matcher(text);
    while (matcher.find()) {
      keys.add(matcher.group(1));
    }
    return keys;
  }

  /** Every field name ({@code dotted=false}) or dotted leaf path of a JSON object. */
  private static TreeSet<String> paths(JsonNode node, boolean dotted) {
    TreeSet<String> paths = new TreeSet<>();
    collect(node, "", dotted, paths);
    return paths;
  }

  private static void collect(JsonNode node, String at, boolean dotted, TreeSet<String> out) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String path = dotted && !at.isEmpty() ? at + "." + field.getKey() : field.getKey();
      if (field.getValue().isObject()) {
        if (!dotted) {
          out.add(path);
        }
        collect(field.getValue(), path, dotted, out);
      } else {
        out.add(path);
      }
    }
  }

  private static void leaves(JsonNode node, String at, BiConsumer<String, String> each) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String path = at.isEmpty() ? field.getKey() : at + "." + field.getKey();
      if (field.getValue().isObject()) {
        leaves(field.getValue(), path, each);
      } else {
        each.accept(path, field.getValue().asString());
      }
    }
  }
}
