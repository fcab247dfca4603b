package io.incidentresponse.starter.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.users.UsersInfoResponse;
import com.slack.api.model.User;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Who a Slack user is here: the person configured for the user id ({@code
 * incident.slack.interactions.users}), else the person configured for the e-mail of the user's
 * Slack profile ({@code users.info}, bot token with {@code users:read} and {@code
 * users:read.email}; deactivated accounts and bots are nobody). Nobody is a person by default.
 */
@Component
public class SlackPeople {
  private static final Logger log = LoggerFactory.getLogger(SlackPeople.class);

  /** The longest a {@code users.info} call may take: the user waits for the outcome. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

  /** A person, with the role labels configured for them. */
  public record Person(String name, List<String> roles) {}

  /** Slack could not say who a user is (down, refused the token): the user may try again. */
  public static class LookupFailedException extends RuntimeException {
    LookupFailedException(String message) {
      super(message);
    }
  }

  private final SlackInteractionProperties properties;
  private final MethodsClient slack;

  public SlackPeople(SlackInteractionProperties properties) {
    this.properties = properties;
    this.slack = properties.botToken() == null ? null : client(properties);
  }

  private static MethodsClient client(SlackInteractionProperties properties) {
    SlackConfig config = new SlackConfig();
    int millis = (int) CALL_TIMEOUT.toMillis();
    config.setHttpClientReadTimeoutMillis(millis);
    config.setHttpClientWriteTimeoutMillis(millis);
    config.setHttpClientCallTimeoutMillis(millis);
    config.setStatsEnabled(false); // else the first call of a token is preceded by auth.test
    if (properties.apiUrl() != null) {
      config.setMethodsEndpointUrlPrefix(properties.apiUrl());
    }
    return Slack.getInstance(config).methods(properties.botToken());
  }

  /**
   * The person Slack user {@code userId} is, or empty.
   *
   * @throws LookupFailedException when {@code users.info} was needed and failed
   */
  public Optional<Person> find(String userId) {
    String name = properties.personOfUser(userId);
    if (name == null) {
      name = properties.personOfEmail(email(userId));
    }
    return name == null
        ? Optional.empty()
        : Optional.of(new Person(name, properties.rolesOf(name)));
  }

  /** The e-mail of an active human's Slack profile, or null (no token, no such user). */
  private String email(String userId) {
    if (slack == null || properties.emails().isEmpty()) {
      return null;
    }
    try {
      UsersInfoResponse info = slack.usersInfo(r -> r.user(userId));
      if (!info.isOk()) {
        if ("user_not_found".equals(info.getError())) {
          return null;
        }
        log.warn("Slack users.info for {} answered {}", userId, info.getError());
        throw new LookupFailedException("Slack's users.info answered " + info.getError());
      }
      User user = info.getUser();
      if (user == null || user.isDeleted() || user.isBot() || user.getProfile() == null) {
        return null;
      }
      return user.getProfile().getEmail();
    } catch (IOException | SlackApiException e) {
      String why =
          e instanceof SlackApiException api
              ? "HTTP " + api.getResponse().code()
              : e.getClass().getSimpleName();
      log.warn("Slack users.info for {} failed: {}", userId, why);
      throw new LookupFailedException("Slack's users.info failed (" + why + ")");
    }
  }
}
