package io.incidentresponse.activities.oncall;

import static io.incidentresponse.activities.oncall.Rosters.people;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.oncall.EscalationTargetRequest;
import io.incidentresponse.workflows.oncall.OnCallAnswer;
import io.incidentresponse.workflows.oncall.OnCallQuery;
import io.incidentresponse.workflows.oncall.OnCallShift;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code payments-primary.ics}: a hand-written export in the shape PagerDuty and Google Calendar
 * produce. Europe/Berlin VTIMEZONE; alice (by ATTENDEE e-mail, other case) and bob (by SUMMARY)
 * alternate weekly from Mon 2 Mar 2026 09:00 local; alice's 13 Apr week is an EXDATE; bob's 6 Apr
 * week is moved by a RECURRENCE-ID to carol, from 12:00 local; a cover on 1 May names
 * mallory@contractor.example.net, who is not in the roster.
 */
class CalendarImportTest {
  private final MockWebServer server = new MockWebServer();

  @TempDir Path directory;

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static Path fixture() {
    try {
      return Path.of(CalendarImportTest.class.getResource("/oncall/payments-primary.ics").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static OnCallSettings settings(String calendar, Duration timeout, Long maxBytes) {
    OnCallSettings.Rotation fromCalendar =
        new OnCallSettings.Rotation(
            "payments-primary", null, null, null, null, null, null, calendar, "PPOLICY1");
    OnCallSettings.Rotation platform =
        Rosters.weekly("platform-primary", "UTC", "09:00", "2026-01-05", "dan", "erin");
    return new OnCallSettings(
        people("alice", "bob", "carol", "dan", "erin"),
        teams(
            new OnCallSettings.Team(List.of("checkout"), "carol", List.of(fromCalendar)),
            new OnCallSettings.Team(List.of("ingress"), "dan", List.of(platform))),
        null,
        null,
        null,
        null,
        null,
        timeout,
        maxBytes);
  }

  /** payments then platform, in that order (as YAML keeps them). */
  private static Map<String, OnCallSettings.Team> teams(
      OnCallSettings.Team payments, OnCallSettings.Team platform) {
    Map<String, OnCallSettings.Team> teams = new LinkedHashMap<>();
    teams.put("payments", payments);
    teams.put("platform", platform);
    return teams;
  }

  private static RosterOnCallActivities activities(OnCallSettings settings) {
    return new RosterOnCallActivities(Rosters.roster(settings), Rosters.CLOCK);
  }

  private static OnCallShift shiftAt(String instant) {
    OnCallAnswer answer =
        activities(settings(fixture().toString(), null, null))
            .whoIsOnCall(new OnCallQuery("payments", Instant.parse(instant)));
    return answer.shifts().get(0);
  }

  @ParameterizedTest(name = "{0} -> {1} from {2} until {3}, next {4}")
  @CsvSource({
    "2026-03-05T12:00:00Z, alice, 2026-03-02T08:00:00Z, 2026-03-09T08:00:00Z, bob",
    // bob's week across the spring-forward change: 167 hours, ends 09:00 CEST
    "2026-03-29T12:00:00Z, bob, 2026-03-23T08:00:00Z, 2026-03-30T07:00:00Z, alice",
    // the moved occurrence starts at 12:00 local instead of 09:00: a three-hour gap first
    "2026-04-06T08:00:00Z, , 2026-04-06T07:00:00Z, 2026-04-06T10:00:00Z, carol",
    "2026-04-08T00:00:00Z, carol, 2026-04-06T10:00:00Z, 2026-04-13T07:00:00Z, ",
    // alice's EXDATE week: nobody
    "2026-04-15T00:00:00Z, , 2026-04-13T07:00:00Z, 2026-04-20T07:00:00Z, bob",
    "2026-04-20T07:00:00Z, bob, 2026-04-20T07:00:00Z, 2026-04-27T07:00:00Z, alice",
    // the unmatched cover holds nobody, alice before and after it
    "2026-05-01T12:00:00Z, , 2026-05-01T06:00:00Z, 2026-05-01T18:00:00Z, alice",
    "2026-05-01T05:59:59Z, alice, 2026-04-27T07:00:00Z, 2026-05-01T06:00:00Z, "
  })
  void personAtInstant(String at, String person, String from, String until, String next) {
    OnCallShift shift = shiftAt(at);

    assertThat(shift.person() == null ? null : shift.person().id()).isEqualTo(person);
    assertThat(shift.from()).isEqualTo(Instant.parse(from));
    assertThat(shift.until()).isEqualTo(Instant.parse(until));
    assertThat(shift.next() == null ? null : shift.next().id()).isEqualTo(next);
    assertThat(shift.source()).isEqualTo("calendar");
  }

  @Test
  void farFuture_afterTheLastEvent_isNobodyWithoutAnEnd() {
    OnCallShift shift = shiftAt("9999-06-01T00:00:00Z");

    assertThat(shift.person()).isNull();
    assertThat(shift.until()).isNull();
    assertThat(shift.next()).isNull();
  }

  @Test
  void unmatchedAttendee_isAProblemNamingTheEvent_neverAGuess() {
    OnCallAnswer answer =
        activities(settings(fixture().toString(), null, null))
            .whoIsOnCall(new OnCallQuery(null, Instant.parse("2026-05-01T12:00:00Z")));

    assertThat(answer.problems())
        .singleElement()
        .asString()
        .contains("payments-primary")
        .contains("payments-primary-cover-0501@oncall.example.com")
        .contains("mallory@contractor.example.net")
        .contains("names no person");
    assertThat(answer.shifts()).extracting(OnCallShift::rotation).contains("platform-primary");
  }

  @Test
  void fromAUrl_readOnceWithinTheRefreshInterval() throws IOException {
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", "text/calendar; charset=utf-8")
            .body(Files.readString(fixture(), StandardCharsets.UTF_8))
            .build());
    RosterOnCallActivities roster =
        activities(settings(server.url("/private-abc123/payments.ics").toString(), null, null));

    OnCallAnswer first =
        roster.whoIsOnCall(new OnCallQuery("payments", Instant.parse("2026-03-05T12:00:00Z")));
    OnCallAnswer second =
        roster.whoIsOnCall(new OnCallQuery("payments", Instant.parse("2026-03-12T12:00:00Z")));

    assertThat(first.shifts().get(0).person().id()).isEqualTo("alice");
    assertThat(second.shifts().get(0).person().id()).isEqualTo("bob");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void serverError_isAProblemOfThatRotation_otherTeamsStillAnswer() {
    server.enqueue(new MockResponse.Builder().code(500).body("upstream exploded").build());
    RosterOnCallActivities roster =
        activities(settings(server.url("/private-abc123/payments.ics").toString(), null, null));

    OnCallAnswer answer =
        roster.whoIsOnCall(new OnCallQuery(null, Instant.parse("2026-03-05T12:00:00Z")));

    assertThat(answer.problems())
        .singleElement()
        .asString()
        .contains("payments-primary")
        .contains("HTTP 500")
        .doesNotContain("private-abc123");
    assertThat(answer.shifts())
        .extracting(s -> s.rotation() + "=" + (s.person() == null ? null : s.person().id()))
        .containsExactly("payments-primary=null", "platform-primary=dan");
  }

  @Test
  void serverError_resolvingItsLevel_isARetryableFailureNamingTheCalendar() {
    server.enqueue(new MockResponse.Builder().code(503).body("maintenance").build());
    RosterOnCallActivities roster =
        activities(settings(server.url("/payments.ics").toString(), null, null));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                roster.resolveTarget(
                    new EscalationTargetRequest(
                        "INC-1",
                        "checkout",
                        null,
                        "primary-oncall",
                        0,
                        Instant.parse("2026-03-05T12:00:00Z"))));

    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getType()).isEqualTo(FailureType.UNAVAILABLE.type());
    assertThat(failure.getOriginalMessage()).contains("payments-primary").contains("HTTP 503");
  }

  @Test
  void hangingServer_givesUpAtTheTimeout_andSaysSo() {
    server.enqueue(
        new MockResponse.Builder()
            .headersDelay(5, TimeUnit.SECONDS)
            .body("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
            .build());
    RosterOnCallActivities roster =
        activities(settings(server.url("/payments.ics").toString(), Duration.ofSeconds(1), null));

    long started = System.nanoTime();
    OnCallAnswer answer =
        roster.whoIsOnCall(new OnCallQuery("payments", Instant.parse("2026-03-05T12:00:00Z")));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(answer.problems())
        .singleElement()
        .asString()
        .contains("payments-primary")
        .contains("could not be downloaded");
    assertThat(took).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void largerThanTheLimit_isRefusedBeforeParsing() {
    server.enqueue(new MockResponse.Builder().body("X".repeat(20_000)).build());
    RosterOnCallActivities roster =
        activities(settings(server.url("/payments.ics").toString(), null, 10_000L));

    OnCallAnswer answer =
        roster.whoIsOnCall(new OnCallQuery("payments", Instant.parse("2026-03-05T12:00:00Z")));

    assertThat(answer.problems()).singleElement().asString().contains("larger than 10000 bytes");
  }

  @Test
  void notAnICalendar_isAProblemNamingTheRotation() throws IOException {
    Path html = directory.resolve("login.ics");
    Files.writeString(html, "<html><body>Please sign in</body></html>");

    OnCallAnswer answer =
        activities(settings(html.toString(), null, null))
            .whoIsOnCall(new OnCallQuery("payments", Instant.parse("2026-03-05T12:00:00Z")));

    assertThat(answer.problems())
        .singleElement()
        .asString()
        .contains("payments-primary")
        .contains("not a readable iCalendar");
  }

  @Test
  void tenThousandEvents_answerTheRightShift() throws IOException {
    StringBuilder ics =
        new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n");
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < 10_000; i++) {
      Instant from = start.plus(Duration.ofHours(12L * i));
      ics.append("BEGIN:VEVENT\r\nUID:shift-")
          .append(i)
          .append("\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:")
          .append(basic(from))
          .append("\r\nDTEND:")
          .append(basic(from.plus(Duration.ofHours(12))))
          .append("\r\nATTENDEE:mailto:")
          .append(i % 2 == 0 ? "alice" : "bob")
          .append("@example.com\r\nEND:VEVENT\r\n");
    }
    ics.append("END:VCALENDAR\r\n");
    Path file = directory.resolve("big.ics");
    Files.writeString(file, ics);

    RosterOnCallActivities roster = activities(settings(file.toString(), null, null));
    long started = System.nanoTime();
    OnCallShift shift =
        roster
            .whoIsOnCall(new OnCallQuery("payments", Instant.parse("2031-06-01T01:00:00Z")))
            .shifts()
            .get(0);
    System.out.printf(
        "10,000-event calendar (%d bytes): first answer in %d ms%n",
        Files.size(file), (System.nanoTime() - started) / 1_000_000);

    long again = System.nanoTime();
    roster.whoIsOnCall(new OnCallQuery("payments", Instant.parse("2031-06-02T01:00:00Z")));
    System.out.printf("second answer %d ms%n", (System.nanoTime() - again) / 1_000_000);
    // 2031-06-01T00:00Z is 1,977 days = 3,954 half-days after the start: an even shift
    assertThat(shift.person().id()).isEqualTo("alice");
    assertThat(shift.from()).isEqualTo(Instant.parse("2031-06-01T00:00:00Z"));
    assertThat(shift.next().id()).isEqualTo("bob");
  }

  private static String basic(Instant instant) {
    return instant.toString().replace("-", "").replace(":", "");
  }
}
