package io.incidentresponse.activities;

import java.time.Duration;
import okhttp3.HttpUrl;

/**
 * Checks shared by the worker's settings records (bound from {@code incident.*}): a value left out
 * takes the record's default; a value given that cannot work stops the worker at start-up with a
 * message that names its property, instead of being replaced by the default without a word or
 * failing later, on an incident's timeline.
 */
public final class SettingChecks {
  private SettingChecks() {}

  public static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /**
   * {@code value} as an absolute {@code http://} or {@code https://} URL, or null when it is blank
   * (not configured). The message never repeats the value: a webhook URL may carry a secret.
   *
   * @throws IllegalArgumentException naming {@code property} when it is not such a URL
   */
  public static String httpUrl(String property, String value) {
    if (blank(value)) {
      return null;
    }
    String url = value.strip();
    if (HttpUrl.parse(url) == null) {
      throw new IllegalArgumentException(property + " must be an absolute http:// or https:// URL");
    }
    return url;
  }

  /** {@link #httpUrl} without trailing slashes: the base an API's paths are appended to. */
  public static String baseUrl(String property, String value) {
    String url = httpUrl(property, value);
    return url == null ? null : url.replaceAll("/+$", "");
  }

  /**
   * {@code value}, or {@code fallback} when it is left out.
   *
   * @throws IllegalArgumentException naming {@code property} when it is zero or negative
   */
  public static Duration positive(String property, Duration value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(property + " must be positive, was " + value);
    }
    return value;
  }

  /**
   * {@code value}, or {@code fallback} when it is left out.
   *
   * @throws IllegalArgumentException naming {@code property} when it is below {@code minimum}
   */
  public static int atLeast(String property, Integer value, int minimum, int fallback) {
    if (value == null) {
      return fallback;
    }
    if (value < minimum) {
      throw new IllegalArgumentException(
          property + " must be at least " + minimum + ", was " + value);
    }
    return value;
  }
}
