package io.incidentresponse.activities.oncall;

import io.incidentresponse.workflows.oncall.OnCallPerson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Where a rotation's calendar comes from: a file or an http(s) URL, read at most once per refresh
 * interval and kept parsed in between. A read that fails is a failure of that call, even when an
 * older copy was read before (a stale schedule would page the wrong person without a word); the
 * next call tries again (the activity's retry is the backoff). A calendar larger than the limit is
 * refused before it is parsed. Messages name the rotation and the file, never the URL (a private
 * calendar's URL carries its secret token, as PagerDuty's and Google's do).
 */
final class CalendarSource {
  private final String rotation;
  private final String location;
  private final Map<String, OnCallPerson> people;
  private final OkHttpClient http;
  private final Duration refresh;
  private final long maxBytes;
  private final Clock clock;
  private IcsCalendar parsed;
  private Instant readAt;

  CalendarSource(
      String rotation,
      String location,
      Map<String, OnCallPerson> people,
      OkHttpClient http,
      Duration refresh,
      long maxBytes,
      Clock clock) {
    this.rotation = rotation;
    this.location = location;
    this.people = people;
    this.http = http;
    this.refresh = refresh;
    this.maxBytes = maxBytes;
    this.clock = clock;
  }

  static boolean isUrl(String location) {
    String lower = location.toLowerCase(java.util.Locale.ROOT);
    return lower.startsWith("http://") || lower.startsWith("https://");
  }

  /**
   * The parsed calendar, read again when older than the refresh interval.
   *
   * @throws CalendarUnavailableException naming the rotation when it cannot be read
   */
  synchronized IcsCalendar calendar() {
    Instant now = clock.instant();
    if (parsed != null && now.isBefore(readAt.plus(refresh))) {
      return parsed;
    }
    byte[] bytes = isUrl(location) ? download() : readFile();
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      parsed = IcsCalendar.parse(rotation, in, people);
    } catch (IOException e) {
      throw unavailable("could not be parsed: " + e.getMessage(), e);
    }
    readAt = now;
    return parsed;
  }

  private byte[] readFile() {
    Path path = Path.of(location);
    try {
      if (Files.size(path) > maxBytes) {
        throw unavailable("is larger than " + maxBytes + " bytes (" + location + ")", null);
      }
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw unavailable("could not be read from " + location + ": " + e, e);
    }
  }

  private byte[] download() {
    Request request = new Request.Builder().url(location).get().build();
    try (Response response = http.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw unavailable("could not be downloaded: HTTP " + response.code(), null);
      }
      long length = response.body().contentLength();
      if (length > maxBytes) {
        throw unavailable("is larger than " + maxBytes + " bytes", null);
      }
      // Bounded even when the server sends no Content-Length.
      okio.BufferedSource source = response.body().source();
      if (source.request(maxBytes + 1)) {
        throw unavailable("is larger than " + maxBytes + " bytes", null);
      }
      return source.getBuffer().readByteArray();
    } catch (IOException e) {
      throw unavailable("could not be downloaded: " + e.getClass().getSimpleName(), e);
    }
  }

  private CalendarUnavailableException unavailable(String what, Throwable cause) {
    return new CalendarUnavailableException("calendar of rotation " + rotation + " " + what, cause);
  }
}
