package io.incidentresponse.worker;

import io.incidentresponse.activities.paging.PageMailer;
import io.incidentresponse.activities.slack.SlackDirectMessages;

/**
 * How this worker reaches one person.
 *
 * @param slack Slack direct messages, or null when Slack is not configured
 * @param mail e-mail, or null when SMTP is not configured
 */
record DirectChannels(SlackDirectMessages slack, PageMailer mail) {
  boolean any() {
    return slack != null || mail != null;
  }
}
