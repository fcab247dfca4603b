package io.incidentresponse.starter.sources;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code key:value} tags in one comma-separated string, the way Datadog's {@code $TAGS} and
 * Kibana's {@code {{rule.tags}}} render them.
 */
final class Tags {
  private Tags() {}

  /**
   * {@code "service:checkout, env:prod,role:web"} as labels (keys lower-case, dots as underscores);
   * only {@code kept} keys if given; tags without a value are left out.
   */
  static Map<String, String> parse(String text, Set<String> kept) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (text == null) {
      return tags;
    }
    for (String tag : text.split(",")) {
      int colon = tag.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String key = tag.substring(0, colon).trim().toLowerCase(Locale.ROOT).replace('.', '_');
      String value = tag.substring(colon + 1).trim();
      if (!key.isEmpty() && !value.isEmpty() && (kept == null || kept.contains(key))) {
        tags.putIfAbsent(key, value);
      }
    }
    return tags;
  }
}
