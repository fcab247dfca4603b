package io.incidentresponse.activities.git;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Repository paths ({@code a/b/c.yaml}, no leading slash) against prefixes and globs. A pattern
 * without {@code * ? {} is a prefix: the file itself or anything under that folder. A glob knows
 * {@code **} (any folders, also none: {@code **}{@code /values.yaml} matches {@code values.yaml}),
 * {@code *} and {@code ?} (within one folder name) and {@code {a,b}} (alternatives).
 */
final class PathPatterns {
  private final List<Pattern> patterns;

  private PathPatterns(List<Pattern> patterns) {
    this.patterns = patterns;
  }

  static PathPatterns of(List<String> patterns) {
    return new PathPatterns(patterns.stream().map(PathPatterns::compile).toList());
  }

  boolean isEmpty() {
    return patterns.isEmpty();
  }

  boolean matches(String path) {
    for (Pattern pattern : patterns) {
      if (pattern.matcher(path).matches()) {
        return true;
      }
    }
    return false;
  }

  static Pattern compile(String pattern) {
    String text = pattern.replaceAll("/+$", "");
    if (!text.matches(".*[*?{].*")) {
      return Pattern.compile(Pattern.quote(text) + "(/.*)?");
    }
    StringBuilder regex = new StringBuilder();
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '*' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
        boolean folder = i + 2 < text.length() && text.charAt(i + 2) == '/';
        regex.append(folder ? "(?:.*/)?" : ".*");
        i += folder ? 2 : 1;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else if (c == '{') {
        regex.append("(?:");
        depth++;
      } else if (c == '}' && depth > 0) {
        regex.append(')');
        depth--;
      } else if (c == ',' && depth > 0) {
        regex.append('|');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    if (depth > 0) {
      throw new IllegalArgumentException("unbalanced { in path pattern " + pattern);
    }
    return Pattern.compile(regex.toString());
  }
}
