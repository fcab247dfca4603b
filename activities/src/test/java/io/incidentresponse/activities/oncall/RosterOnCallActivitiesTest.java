package io.incidentresponse.activities.oncall;

import static io.incidentresponse.activities.oncall.Rosters.people;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.oncall.ContactsRequest;
import io.incidentresponse.workflows.oncall.EmergencyContact;
import io.incidentresponse.workflows.oncall.EscalationTarget;
import io.incidentresponse.workflows.oncall.EscalationTargetRequest;
import io.incidentresponse.workflows.oncall.Handoff;
import io.incidentresponse.workflows.oncall.HandoffQuery;
import io.incidentresponse.workflows.oncall.OnCallAnswer;
import io.incidentresponse.workflows.oncall.OnCallQuery;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The roster answering the workflow: a runbook-shaped configuration, asked at given instants. */
class RosterOnCallActivitiesTest {
  private static final Instant MONDAY_NOON = Instant.parse("2026-03-30T10:00:00Z");

  /**
   * payments (checkout, cart): primary weekly Mon 09:00 Berlin alice/bob/carol from 2 Mar,
   * secondary daily 09:00 New York dan/erin from 1 Mar (policy PSECOND), lead carol; platform
   * (ingress): primary weekly UTC zoe/yuri, lead yuri; default team platform; roles; contacts.
   */
  static OnCallSettings runbook() {
    Map<String, OnCallSettings.Team> teams = new LinkedHashMap<>();
    teams.put(
        "payments",
        new OnCallSettings.Team(
            List.of("checkout", "cart"),
            "carol",
            List.of(
                Rosters.weekly(
                    "payments-primary",
                    "Europe/Berlin",
                    "09:00",
                    "2026-03-02",
                    "alice",
                    "bob",
                    "carol"),
                new OnCallSettings.Rotation(
                    "payments-secondary",
                    "DAILY",
                    "09:00",
                    null,
                    "America/New_York",
                    "2026-03-01",
                    List.of("dan", "erin"),
                    null,
                    "PSECOND"))));
    teams.put(
        "platform",
        new OnCallSettings.Team(
            List.of("ingress"),
            "yuri",
            List.of(
                Rosters.weekly("platform-primary", "UTC", "09:00", "2026-03-02", "zoe", "yuri"))));
    Map<String, String> roles = new LinkedHashMap<>();
    roles.put("engineering-manager", "mia");
    roles.put("cto", "olga");
    roles.put("security-lead", "sam");
    OnCallSettings.Contacts contacts =
        new OnCallSettings.Contacts(
            List.of(
                new OnCallSettings.Contact(
                    "security-lead", "Security Team Lead", "sam", null, List.of("security")),
                new OnCallSettings.Contact(
                    "cto", "CTO", "olga", List.of("phone +1 555 0100"), null)),
            List.of(
                new OnCallSettings.Contact(
                    "aws-support",
                    "AWS Support",
                    null,
                    List.of(
                        "https://console.aws.amazon.com/support",
                        "Business support, severity urgent"),
                    List.of("AWS", "cloud", "database")),
                new OnCallSettings.Contact(
                    "cloudflare-support",
                    "CloudFlare Support",
                    null,
                    List.of("https://dash.cloudflare.com/?to=/:account/support"),
                    List.of("cdn")),
                new OnCallSettings.Contact(
                    "pagerduty-support",
                    "PagerDuty Support",
                    null,
                    List.of("support@pagerduty.com"),
                    List.of("paging"))));
    return new OnCallSettings(
        people("alice", "bob", "carol", "dan", "erin", "zoe", "yuri", "mia", "olga", "sam"),
        teams,
        List.of(
            Rosters.override(
                "payments-primary", "zoe", "2026-04-01T08:00:00Z", "2026-04-03T08:00:00Z")),
        roles,
        "platform",
        contacts,
        null,
        null,
        null);
  }

  private final RosterOnCallActivities roster =
      new RosterOnCallActivities(Rosters.roster(runbook()), Rosters.CLOCK);

  private EscalationTarget resolve(String service, String team, String level, Instant at) {
    return roster.resolveTarget(new EscalationTargetRequest("INC-7", service, team, level, 0, at));
  }

  @ParameterizedTest(name = "{0}/{1} {2} -> {3}")
  @CsvSource({
    // team from the request, else the team listing the service, else the default team
    "checkout, , primary-oncall, bob",
    "cart, , secondary-oncall, dan",
    "whatever, payments, primary-oncall, bob",
    "unlisted, , primary-oncall, zoe",
    "checkout, , team-lead, carol",
    "unlisted, , team-lead, yuri",
    "checkout, , engineering-manager, mia",
    "checkout, , cto, olga",
    "checkout, , platform-primary, zoe"
  })
  void resolveTarget_eachLevelKind(String service, String team, String level, String person) {
    EscalationTarget target = resolve(service, team, level, MONDAY_NOON);

    assertThat(target.problem()).isNull();
    assertThat(target.level()).isEqualTo(level);
    assertThat(target.person().id()).isEqualTo(person);
    assertThat(target.how()).isNotBlank();
  }

  @Test
  void resolveTarget_rotation_saysTheRuleAndUntilWhen() {
    EscalationTarget target = resolve("checkout", null, "primary-oncall", MONDAY_NOON);

    assertThat(target.how())
        .isEqualTo(
            "rotation payments-primary, weekly, MONDAY 09:00 Europe/Berlin, until 2026-04-01T08:00:00Z");
  }

  @Test
  void resolveTarget_inAnOverride_isTheOverridePersonAndSaysUntilWhen() {
    EscalationTarget target =
        resolve("checkout", null, "primary-oncall", Instant.parse("2026-04-02T00:00:00Z"));

    assertThat(target.person().id()).isEqualTo("zoe");
    assertThat(target.how())
        .isEqualTo("rotation payments-primary, override until 2026-04-03T08:00:00Z");
  }

  @Test
  void resolveTarget_aHandOffBetweenTwoPages_givesTheNewPerson() {
    assertThat(
            resolve("checkout", null, "primary-oncall", Instant.parse("2026-03-30T06:59:00Z"))
                .person()
                .id())
        .isEqualTo("alice");
    assertThat(
            resolve("checkout", null, "primary-oncall", Instant.parse("2026-03-30T07:00:00Z"))
                .person()
                .id())
        .isEqualTo("bob");
  }

  @ParameterizedTest(name = "{0}/{1} {2}: {3}")
  @CsvSource({
    "checkout, nosuchteam, primary-oncall, no team nosuchteam in the roster",
    "unlisted, , secondary-oncall, team platform has no second rotation",
    "checkout, , vp-of-vibes, 'level vp-of-vibes is no rotation, role or team-lead of the roster'"
  })
  void resolveTarget_unknown_isAProblemNeverAnException(
      String service, String team, String level, String problem) {
    EscalationTarget target = resolve(service, team, level, MONDAY_NOON);

    assertThat(target.person()).isNull();
    assertThat(target.problem()).isEqualTo(problem);
  }

  @Test
  void resolveTarget_rotationNotStartedYet_isAProblemWithItsPagerDutyPolicy() {
    EscalationTarget target =
        resolve("checkout", null, "secondary-oncall", Instant.parse("2026-02-01T00:00:00Z"));

    assertThat(target.person()).isNull();
    assertThat(target.pagerDutyEscalationPolicyId()).isEqualTo("PSECOND");
    assertThat(target.problem())
        .isEqualTo(
            "nobody holds rotation payments-secondary at 2026-02-01T00:00:00Z (next shift from"
                + " 2026-03-01T14:00:00Z)");
  }

  @Test
  void notConfigured_answersEmptyAndTargetsWithAProblem() {
    RosterOnCallActivities empty =
        new RosterOnCallActivities(Rosters.roster(OnCallSettings.none()), Rosters.CLOCK);

    assertThat(empty.configured()).isFalse();
    assertThat(empty.whoIsOnCall(new OnCallQuery(null, MONDAY_NOON)).shifts()).isEmpty();
    assertThat(empty.emergencyContacts(new ContactsRequest(List.of()))).isEmpty();
    assertThat(empty.handoffs(new HandoffQuery(MONDAY_NOON, MONDAY_NOON.plusSeconds(86_400))))
        .isEmpty();
    assertThat(
            empty
                .resolveTarget(
                    new EscalationTargetRequest(
                        "INC-1", "checkout", null, "primary-oncall", 0, MONDAY_NOON))
                .problem())
        .isEqualTo("no team lists service checkout and no default-team is set");
  }

  @Test
  void whoIsOnCall_oneTeam_everyRotationInOrderWithNext() {
    OnCallAnswer answer = roster.whoIsOnCall(new OnCallQuery("payments", MONDAY_NOON));

    assertThat(answer.at()).isEqualTo(MONDAY_NOON);
    assertThat(answer.problems()).isEmpty();
    assertThat(answer.shifts())
        .extracting(
            s ->
                s.rotation()
                    + " "
                    + s.person().id()
                    + " "
                    + s.from()
                    + ".."
                    + s.until()
                    + " next "
                    + s.next().id())
        .containsExactly(
            "payments-primary bob 2026-03-30T07:00:00Z..2026-04-01T08:00:00Z next zoe",
            "payments-secondary dan 2026-03-29T13:00:00Z..2026-03-30T13:00:00Z next erin");
  }

  @Test
  void handoffs_inAWindowAcrossTheBerlinDstChange_inTimeOrderAcrossTeams() {
    List<Handoff> handoffs =
        roster.handoffs(
            new HandoffQuery(
                Instant.parse("2026-03-29T00:00:00Z"), Instant.parse("2026-03-30T13:00:00Z")));

    assertThat(handoffs)
        .extracting(
            h -> h.at() + " " + h.rotation() + " " + h.outgoing().id() + ">" + h.incoming().id())
        .containsExactly(
            // Sunday 29 Mar 09:00 New York (EDT since 8 Mar)
            "2026-03-29T13:00:00Z payments-secondary erin>dan",
            // Monday 09:00 Berlin, in CEST since that night
            "2026-03-30T07:00:00Z payments-primary alice>bob",
            "2026-03-30T09:00:00Z platform-primary yuri>zoe",
            "2026-03-30T13:00:00Z payments-secondary dan>erin");
  }

  @Test
  void handoffs_withoutAWindow_isABadRequestNotARetry() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> roster.handoffs(new HandoffQuery(null, MONDAY_NOON)));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo(FailureType.BAD_REQUEST.type());
  }

  @Test
  void emergencyContacts_byTopic_internalFirstThenMatchingVendors() {
    List<EmergencyContact> cdn = roster.emergencyContacts(new ContactsRequest(List.of("CDN")));
    List<EmergencyContact> cloud =
        roster.emergencyContacts(new ContactsRequest(List.of("aws", "security")));

    // the CTO covers nothing in particular: always relevant
    assertThat(cdn).extracting(EmergencyContact::key).containsExactly("cto", "cloudflare-support");
    assertThat(cloud)
        .extracting(EmergencyContact::key)
        .containsExactly("security-lead", "cto", "aws-support");
    assertThat(cloud.get(0).person().id()).isEqualTo("sam");
    assertThat(cloud.get(0).kind()).isEqualTo("internal");
    assertThat(cloud.get(2).kind()).isEqualTo("external");
    assertThat(cloud.get(2).reach()).contains("https://console.aws.amazon.com/support");
    assertThat(roster.emergencyContacts(new ContactsRequest(null))).hasSize(5);
  }
}
