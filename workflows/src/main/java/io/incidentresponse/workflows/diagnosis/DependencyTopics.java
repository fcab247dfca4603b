package io.incidentresponse.workflows.diagnosis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outside dependencies a diagnosis implicates, as emergency-contact topics ({@code aws}, {@code
 * cloud}, {@code cdn}, {@code database}, {@code dns}, {@code third-party}): read from the
 * anomalies' summaries and evidence and the hypotheses' causes and explanations. Deterministic, so
 * workflow code may call it.
 */
public final class DependencyTopics {
  /** Topic to the words that implicate it, matched in lower case. */
  private static final Map<String, List<String>> WORDS = new LinkedHashMap<>();

  static {
    WORDS.put("aws", List.of("aws", "amazon", "ec2", "rds", "elb", "s3 "));
    WORDS.put("cloud", List.of("aws", "amazon", "cloud provider", "gcp", "azure", "node failure"));
    WORDS.put("cdn", List.of("cdn", "cloudflare", "fastly", "akamai"));
    WORDS.put(
        "database", List.of("database", "postgres", "mysql", "connection pool", "connection leak"));
    WORDS.put("dns", List.of("dns", "nxdomain", "name resolution"));
    WORDS.put("third-party", List.of("third party", "third-party", "vendor", "upstream provider"));
  }

  private DependencyTopics() {}

  /** The topics the report implicates, in a fixed order; empty when none. */
  public static List<String> of(DiagnosisReport report) {
    if (report == null) {
      return List.of();
    }
    StringBuilder text = new StringBuilder();
    for (Finding finding : report.findings() == null ? List.<Finding>of() : report.findings()) {
      if (finding.outcome() != FindingOutcome.ANOMALY) {
        continue;
      }
      if (finding.probe() == DiagnosisProbe.DATABASE_CONNECTIONS) {
        text.append(" database ");
      }
      text.append(' ').append(finding.summary());
      if (finding.evidence() != null) {
        finding.evidence().forEach(e -> text.append(' ').append(e));
      }
    }
    for (Hypothesis hypothesis :
        report.hypotheses() == null ? List.<Hypothesis>of() : report.hypotheses()) {
      text.append(' ').append(hypothesis.cause()).append(' ').append(hypothesis.explanation());
    }
    String lower = text.toString().toLowerCase(Locale.ROOT);
    List<String> topics = new ArrayList<>();
    WORDS.forEach(
        (topic, words) -> {
          if (words.stream().anyMatch(lower::contains)) {
            topics.add(topic);
          }
        });
    return topics;
  }
}
