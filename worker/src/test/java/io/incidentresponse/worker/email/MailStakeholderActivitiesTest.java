package io.incidentresponse.worker.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.incidentresponse.workflows.communication.IncidentBrief;
import io.incidentresponse.workflows.communication.LeadershipNotice;
import io.incidentresponse.workflows.incident.Impact;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.Severity;
import io.temporal.failure.ApplicationFailure;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** Stakeholder e-mail to a real (embedded) SMTP server. */
class MailStakeholderActivitiesTest {
  @RegisterExtension
  static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP);

  private static final LeadershipNotice OPENED =
      new LeadershipNotice(
          new IncidentBrief(
              "incident-payments-1",
              "Payments failing",
              "payments",
              "shop",
              Severity.P0,
              Impact.CRITICAL,
              Phase.INVESTIGATING,
              "incident-2026-11-26-1400",
              "C1",
              "alice",
              Instant.parse("2026-11-26T14:00:00Z")),
          "P0 incident: PaymentsDown: priority label P0",
          "opened");

  private static JavaMailSenderImpl sender(int port) {
    JavaMailSenderImpl sender = new JavaMailSenderImpl();
    sender.setHost("127.0.0.1");
    sender.setPort(port);
    return sender;
  }

  @Test
  void p0Opening_isMailedToEveryStakeholderWithAStableMessageId() throws Exception {
    new MailStakeholderActivities(
            sender(smtp.getSmtp().getPort()),
            new EmailSettings(
                List.of("cto@example.com", "vp-eng@example.com"), "incidents@example.com"))
        .emailStakeholders(OPENED);

    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(2); // one delivery per recipient
    MimeMessage message = received[0];
    assertThat(message.getSubject()).isEqualTo("[P0] Incident opened: Payments failing");
    assertThat(message.getMessageID()).isEqualTo("<incident-payments-1.opened@incident-response>");
    assertThat(GreenMailUtil.getBody(message))
        .contains("Incident commander: alice")
        .contains("#incident-2026-11-26-1400")
        .contains("PaymentsDown: priority label P0");
  }

  @Test
  void smtpDown_isRetryable() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                new MailStakeholderActivities(
                        sender(1),
                        new EmailSettings(List.of("cto@example.com"), "incidents@example.com"))
                    .emailStakeholders(OPENED));

    assertThat(failure.getType()).isEqualTo("UNAVAILABLE");
    assertThat(failure.isNonRetryable()).isFalse();
  }
}
