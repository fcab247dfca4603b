package io.incidentresponse.starter.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The incidents whose worker answered that it does not know the {@code summary} query: a worker
 * older than that query, during a rolling upgrade. Every refused query is a failed query task on
 * that worker, which drops the incident from its workflow cache (the next task replays the whole
 * history), so a dashboard polling {@code view=summary} would cost a replay per poll. Once an
 * incident is remembered here its summary is built from the {@code state} query directly.
 *
 * <p>Bounded to {@link #MAX_INCIDENTS} incidents (past it some are dropped, and their next poll
 * asks the summary query once more) and each forgotten {@link #FORGOTTEN_AFTER} after it was
 * learnt: the upgrade ends, and the incident's new worker is then asked for its summary again.
 */
@Component
public class SummaryUnknownToWorker {
  /** How long an incident is asked for its state instead: longer than a rolling upgrade takes. */
  static final Duration FORGOTTEN_AFTER = Duration.ofMinutes(5);

  /** More than the incidents open at once on any deployment this project sizes for. */
  static final int MAX_INCIDENTS = 10_000;

  private final Cache<String, Boolean> incidents;

  @Autowired
  public SummaryUnknownToWorker() {
    this(Ticker.systemTicker());
  }

  SummaryUnknownToWorker(Ticker ticker) {
    this.incidents =
        Caffeine.newBuilder()
            .maximumSize(MAX_INCIDENTS)
            .expireAfterWrite(FORGOTTEN_AFTER)
            .ticker(ticker)
            .build();
  }

  /** Whether incident {@code id}'s worker refused the summary query lately. */
  public boolean refused(String id) {
    return incidents.getIfPresent(id) != null;
  }

  /** Incident {@code id}'s worker just refused the summary query as unknown. */
  public void learnt(String id) {
    incidents.put(id, Boolean.TRUE);
  }

  /** How many incidents are remembered (for tests and diagnostics). */
  long size() {
    incidents.cleanUp();
    return incidents.estimatedSize();
  }
}
