package io.incidentresponse.worker;

/**
 * The size to give the Temporal SDK's sticky cache so that it really keeps {@code
 * incident.worker.cache-size} open incidents.
 *
 * <p>The SDK (1.38, {@code WorkflowExecutorCache}) keeps cached workflows in a Guava cache built
 * with {@code maximumSize(n).concurrencyLevel(128)}. Guava splits such a cache into up to 128
 * segments (fewer for small sizes, at least 20 entries each) and each segment evicts its least
 * recently used entry as soon as it holds more than its share {@code n / segments}, whatever the
 * other segments hold. Workflows land in segments by the hash of their run id, so a cache of 1,000
 * given 1,020 incidents kept about 910 (the benchmark's 869-905 of 1,020 on JDK 17), and one of
 * 10,000 given 10,020 keeps about 9,550; the SDK counts none of these evictions. Sized here so that
 * each segment's share is its expected count plus five standard deviations: at {@code incidents}
 * open, a segment overflows with odds below one in a million.
 */
final class StickyCacheSize {

  /** {@code concurrencyLevel} of the SDK's sticky cache. */
  static final int SDK_CONCURRENCY_LEVEL = 128;

  /** The fewest entries per segment Guava gives a size-bounded cache. */
  private static final int GUAVA_ENTRIES_PER_SEGMENT = 20;

  private StickyCacheSize() {}

  /**
   * The SDK cache size that keeps {@code incidents} workflows without an eviction; at most {@link
   * Integer#MAX_VALUE} (a setting near it gets no room).
   */
  static int holding(int incidents) {
    long size = incidents;
    while (size < Integer.MAX_VALUE && !keeps(size, incidents)) {
      size += Math.max(1, size / 32);
    }
    return (int) Math.min(size, Integer.MAX_VALUE);
  }

  private static boolean keeps(long maximumSize, int incidents) {
    int segments = segments(maximumSize);
    double expected = (double) incidents / segments;
    return maximumSize / segments >= expected + 5 * Math.sqrt(expected) + 1;
  }

  /**
   * How many segments Guava's {@code LocalCache} makes of a cache bounded to {@code maximumSize}.
   */
  static int segments(long maximumSize) {
    int segments = 1;
    while (segments < SDK_CONCURRENCY_LEVEL
        && (long) segments * GUAVA_ENTRIES_PER_SEGMENT <= maximumSize) {
      segments <<= 1;
    }
    return segments;
  }
}
