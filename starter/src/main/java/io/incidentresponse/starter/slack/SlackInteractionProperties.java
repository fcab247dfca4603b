package io.incidentresponse.starter.slack;

import io.incidentresponse.workflows.identity.AccessRole;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Approve and Reject buttons of Slack approval requests, under {@code
 * incident.slack.interactions.*}. Without a signing secret the endpoint is off.
 *
 * @param signingSecrets the Slack app's signing secrets ({@code SLACK_SIGNING_SECRET}); more than
 *     one while a secret is rotated. Each at least {@value #MIN_SECRET_LENGTH} characters
 * @param users Slack user id to person, e.g. {@code U012ABCDEF: alice}
 * @param emails a Slack profile's e-mail to person, used when the user id is not in {@code users}
 *     (looked up with {@code users.info}, which needs the bot token)
 * @param roles person to role labels ({@code approver-high}...), carried in the signed proof
 * @param botToken the bot token ({@code INCIDENT_SLACK_BOT_TOKEN}, else {@code SLACK_BOT_TOKEN})
 *     for {@code users.info}; without it only {@code users} maps people
 * @param apiUrl another base of Slack's Web API (a proxy, a test's stub); null: Slack's own
 * @param responseUrlBase another base the payload's {@code response_url} may have besides {@code
 *     https://hooks.slack.com/} (a test's stub); null: Slack's only
 */
@ConfigurationProperties("incident.slack.interactions")
public record SlackInteractionProperties(
    List<String> signingSecrets,
    Map<String, String> users,
    Map<String, String> emails,
    Map<String, List<String>> roles,
    String botToken,
    String apiUrl,
    String responseUrlBase) {
  /** Slack's signing secrets are 32 characters; a short one is a configuration mistake. */
  public static final int MIN_SECRET_LENGTH = 16;

  private static final String PREFIX = "incident.slack.interactions.";

  public SlackInteractionProperties {
    signingSecrets = secrets(signingSecrets);
    users = keyed(users, true);
    emails = keyed(emails, false);
    roles = roles(roles);
    botToken = blankToNull(botToken);
    apiUrl = blankToNull(apiUrl);
    responseUrlBase = base(blankToNull(responseUrlBase));
  }

  /** Whether the endpoint answers at all. */
  public boolean enabled() {
    return !signingSecrets.isEmpty();
  }

  /** The person a Slack user id is configured as, or null. */
  public String personOfUser(String userId) {
    return userId == null ? null : users.get(userId.trim().toUpperCase(Locale.ROOT));
  }

  /** The person a Slack profile's e-mail is configured as, or null. */
  public String personOfEmail(String email) {
    return email == null ? null : emails.get(email.trim().toLowerCase(Locale.ROOT));
  }

  /** The role labels configured for {@code person} (names compared without case). */
  public List<String> rolesOf(String person) {
    return roles.getOrDefault(person.trim().toLowerCase(Locale.ROOT), List.of());
  }

  private static List<String> secrets(List<String> given) {
    List<String> out = new ArrayList<>();
    for (String secret : given == null ? List.<String>of() : given) {
      if (secret == null || secret.isBlank()) {
        continue;
      }
      if (secret.trim().length() < MIN_SECRET_LENGTH) {
        throw new IllegalArgumentException(
            PREFIX
                + "signing-secrets: a secret is shorter than "
                + MIN_SECRET_LENGTH
                + " characters (Slack's are 32; copy it from the app's Basic Information page)");
      }
      out.add(secret.trim());
    }
    return List.copyOf(out);
  }

  /** Keys trimmed; user ids upper case (environment variables arrive lower case), e-mails lower. */
  private static Map<String, String> keyed(Map<String, String> given, boolean upper) {
    Map<String, String> out = new LinkedHashMap<>();
    if (given != null) {
      given.forEach(
          (key, person) -> {
            if (person != null && !person.isBlank()) {
              String k = key.trim();
              out.put(
                  upper ? k.toUpperCase(Locale.ROOT) : k.toLowerCase(Locale.ROOT), person.trim());
            }
          });
    }
    return Map.copyOf(out);
  }

  private static Map<String, List<String>> roles(Map<String, List<String>> given) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (given != null) {
      given.forEach(
          (person, labels) -> {
            List<String> parsed = new ArrayList<>();
            for (String label : labels == null ? List.<String>of() : labels) {
              AccessRole role =
                  AccessRole.parse(label)
                      .orElseThrow(
                          () ->
                              new IllegalArgumentException(
                                  PREFIX
                                      + "roles."
                                      + person
                                      + ": unknown role '"
                                      + label
                                      + "' (responder, commander, approver-low, approver-medium,"
                                      + " approver-high, admin)"));
              parsed.add(role.label());
            }
            out.put(person.trim().toLowerCase(Locale.ROOT), List.copyOf(parsed));
          });
    }
    return Map.copyOf(out);
  }

  private static String base(String url) {
    if (url == null) {
      return null;
    }
    try {
      URI uri = new URI(url);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null
          || uri.getUserInfo() != null) {
        throw new IllegalArgumentException(
            PREFIX + "response-url-base must be an http(s) URL with a host, was " + url);
      }
      return url.endsWith("/") ? url : url + "/";
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(PREFIX + "response-url-base is not a URL: " + url, e);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  @Override
  public String toString() {
    return "SlackInteractionProperties[signingSecrets="
        + signingSecrets.size()
        + " set, users="
        + users.size()
        + ", emails="
        + emails.size()
        + ", roles="
        + roles.keySet()
        + ", botToken="
        + (botToken == null ? "not set" : "****")
        + ", apiUrl="
        + apiUrl
        + ", responseUrlBase="
        + responseUrlBase
        + "]";
  }
}
