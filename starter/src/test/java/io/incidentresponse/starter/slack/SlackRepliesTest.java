package io.incidentresponse.starter.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Where the outcome of a click may be posted: Slack's response URLs, or the configured stub. */
class SlackRepliesTest {
  private static SlackReplies replies(String testBase) {
    return new SlackReplies(
        new SlackInteractionProperties(
            List.of("secret-0123456789abcdef"), Map.of(), Map.of(), Map.of(), null, null, testBase),
        JsonMapper.builder().build());
  }

  @Test
  void slacksResponseUrl_isAllowed() {
    assertThat(replies(null).allowed("https://hooks.slack.com/actions/T0/123/abc")).isTrue();
    assertThat(replies(null).allowed("https://HOOKS.SLACK.COM:443/actions/T0/123/abc")).isTrue();
  }

  @Test
  void anythingElse_isNot() {
    SlackReplies replies = replies("http://127.0.0.1:9999/slack/");

    assertThat(replies.allowed("http://hooks.slack.com/actions/T0/1/a")).as("plain http").isFalse();
    assertThat(replies.allowed("https://hooks.slack.com.evil.example/actions")).isFalse();
    assertThat(replies.allowed("https://hooks.slack.com@evil.example/actions")).isFalse();
    assertThat(replies.allowed("https://evil.example/hooks.slack.com/actions")).isFalse();
    assertThat(replies.allowed("https://hooks.slack.com:8443/actions")).isFalse();
    assertThat(replies.allowed("https://169.254.169.254/latest/meta-data/")).isFalse();
    assertThat(replies.allowed("http://127.0.0.1:9999/other/")).as("outside the base").isFalse();
    assertThat(replies.allowed("http://127.0.0.1:9998/slack/x")).as("another port").isFalse();
    assertThat(replies.allowed("http://127.0.0.1:9999/slack/../admin")).isFalse();
    assertThat(replies.allowed("file:///etc/passwd")).isFalse();
    assertThat(replies.allowed("not a url")).isFalse();
    assertThat(replies.allowed(null)).isFalse();
  }

  @Test
  void theConfiguredBase_isAllowed() {
    assertThat(replies("http://127.0.0.1:9999/slack").allowed("http://127.0.0.1:9999/slack/x/1"))
        .isTrue();
  }
}
