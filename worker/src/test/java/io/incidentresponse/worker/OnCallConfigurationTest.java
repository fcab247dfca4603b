package io.incidentresponse.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentresponse.activities.oncall.OnCallSettings;
import io.incidentresponse.workflows.oncall.ContactsRequest;
import io.incidentresponse.workflows.oncall.EscalationTargetRequest;
import io.incidentresponse.workflows.oncall.OnCallQuery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;

/**
 * {@code incident.oncall.*} bound the way the worker binds it, with the README's key names
 * (kebab-case, lists by index), and the roster built from it.
 */
class OnCallConfigurationTest {

  private static StandardEnvironment environment(Map<String, Object> properties) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
    return environment;
  }

  private static Map<String, Object> readmeExample() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("incident.oncall.people.alice.name", "Alice Example");
    p.put("incident.oncall.people.alice.slack-user-id", "U0ALICE");
    p.put("incident.oncall.people.alice.email", "alice@example.com");
    p.put("incident.oncall.people.alice.phone", "+49 30 5550100");
    p.put("incident.oncall.people.alice.pagerduty-user-id", "PALICE1");
    p.put("incident.oncall.people.bob.name", "Bob Example");
    p.put("incident.oncall.people.mia.name", "Mia Manager");
    p.put("incident.oncall.teams.payments.services[0]", "checkout");
    p.put("incident.oncall.teams.payments.lead", "mia");
    p.put("incident.oncall.teams.payments.rotations[0].name", "payments-primary");
    p.put("incident.oncall.teams.payments.rotations[0].hand-off", "WEEKLY");
    p.put("incident.oncall.teams.payments.rotations[0].hand-off-time", "09:00");
    p.put("incident.oncall.teams.payments.rotations[0].hand-off-day", "MONDAY");
    p.put("incident.oncall.teams.payments.rotations[0].zone", "Europe/Berlin");
    p.put("incident.oncall.teams.payments.rotations[0].start", "2026-03-02");
    p.put("incident.oncall.teams.payments.rotations[0].members[0]", "alice");
    p.put("incident.oncall.teams.payments.rotations[0].members[1]", "bob");
    p.put("incident.oncall.teams.payments.rotations[0].pagerduty-escalation-policy-id", "PPOL1");
    p.put("incident.oncall.overrides[0].rotation", "payments-primary");
    p.put("incident.oncall.overrides[0].person", "mia");
    p.put("incident.oncall.overrides[0].from", "2026-12-24T09:00");
    p.put("incident.oncall.overrides[0].until", "2026-12-27T09:00");
    p.put("incident.oncall.roles.engineering-manager", "mia");
    p.put("incident.oncall.default-team", "payments");
    p.put("incident.oncall.contacts.external[0].key", "aws-support");
    p.put("incident.oncall.contacts.external[0].name", "AWS Support");
    p.put(
        "incident.oncall.contacts.external[0].reach[0]", "https://console.aws.amazon.com/support");
    p.put("incident.oncall.contacts.external[0].covers[0]", "aws");
    p.put("incident.oncall.calendar-refresh", "5m");
    return p;
  }

  private static OnCallSettings bind(Map<String, Object> properties) {
    return WorkerConfiguration.settings(
        environment(properties), "incident.oncall", OnCallSettings.class);
  }

  @Test
  void readmeExample_bindsAndAnswers() {
    OnCallSettings settings = bind(readmeExample());
    var roster = new OnCallConfiguration().onCallActivities(settings, new OkHttpClient());

    assertThat(roster.configured()).isTrue();
    assertThat(settings.calendarRefresh()).hasMinutes(5);
    var shift =
        roster
            .whoIsOnCall(new OnCallQuery("payments", Instant.parse("2026-03-10T12:00:00Z")))
            .shifts()
            .get(0);
    assertThat(shift.person().id()).isEqualTo("bob");
    var christmas =
        roster.resolveTarget(
            new EscalationTargetRequest(
                "INC-1",
                "unlisted",
                null,
                "primary-oncall",
                0,
                Instant.parse("2026-12-25T12:00:00Z")));
    assertThat(christmas.person().id()).isEqualTo("mia");
    var alice =
        roster.resolveTarget(
            new EscalationTargetRequest(
                "INC-1",
                "checkout",
                null,
                "primary-oncall",
                0,
                Instant.parse("2026-03-03T12:00:00Z")));
    assertThat(alice.person().pagerDutyUserId()).isEqualTo("PALICE1");
    assertThat(alice.person().slackUserId()).isEqualTo("U0ALICE");
    assertThat(roster.emergencyContacts(new ContactsRequest(java.util.List.of("aws"))))
        .singleElement()
        .satisfies(
            c -> assertThat(c.reach()).containsExactly("https://console.aws.amazon.com/support"));
  }

  /** The YAML example of the README's "On-call roster" section, as the worker would read it. */
  private static StandardEnvironment readmeYaml() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    int section = readme.indexOf("## On-call roster");
    int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
    String yaml = readme.substring(start, readme.indexOf("```", start));
    StandardEnvironment environment = new StandardEnvironment();
    new YamlPropertySourceLoader()
        .load("README", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))
        .forEach(source -> environment.getPropertySources().addFirst(source));
    return environment;
  }

  @Test
  void readmeYaml_startsTheWorker_andAnswersAsTheReadmeSays() throws IOException {
    OnCallSettings settings =
        WorkerConfiguration.settings(readmeYaml(), "incident.oncall", OnCallSettings.class);
    var roster = new OnCallConfiguration().onCallActivities(settings, new OkHttpClient());
    Instant christmasEve = Instant.parse("2026-12-24T20:00:00Z");

    var primary =
        roster.resolveTarget(
            new EscalationTargetRequest(
                "INC-1", "checkout", null, "primary-oncall", 0, christmasEve));
    assertThat(primary.person().id()).isEqualTo("mia");
    assertThat(primary.how())
        .isEqualTo("rotation payments-primary, override until 2026-12-27T08:00:00Z");
    var after =
        roster.resolveTarget(
            new EscalationTargetRequest(
                "INC-1",
                "checkout",
                null,
                "primary-oncall",
                0,
                Instant.parse("2026-12-27T08:00:00Z")));
    assertThat(after.person().id()).isEqualTo("alice");
    assertThat(after.person().pagerDutyUserId()).isEqualTo("PALICE1");
    assertThat(roster.emergencyContacts(new ContactsRequest(java.util.List.of("cdn"))))
        .extracting(c -> c.key())
        .containsExactly("engineering-manager", "cto", "cloudflare-support");
  }

  @Test
  void logLine_carriesNoContactDetails() {
    assertThat(bind(readmeExample()).toString())
        .doesNotContain("alice@example.com")
        .doesNotContain("+49")
        .contains("teams=[payments]");
  }

  @Test
  void unknownPerson_stopsTheWorkerNamingTheProperty() {
    Map<String, Object> properties = readmeExample();
    properties.put("incident.oncall.teams.payments.rotations[0].members[1]", "robert");

    assertThatThrownBy(
            () -> new OnCallConfiguration().onCallActivities(bind(properties), new OkHttpClient()))
        .hasMessage(
            "incident.oncall.teams.payments.rotations[0].members[1] robert is not a person of"
                + " incident.oncall.people");
  }
}
