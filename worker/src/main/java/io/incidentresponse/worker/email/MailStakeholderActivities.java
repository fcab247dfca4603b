package io.incidentresponse.worker.email;

import io.incidentresponse.workflows.communication.IncidentBrief;
import io.incidentresponse.workflows.communication.LeadershipNotice;
import io.incidentresponse.workflows.communication.StakeholderActivities;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Properties;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * {@link StakeholderActivities} by e-mail through Spring's mail support (SMTP, {@code
 * spring.mail.*}). The Message-ID is derived from the incident and the notice's kind, so a resent
 * message after a retry is the same message to mail clients.
 */
public class MailStakeholderActivities implements StakeholderActivities {
  private final JavaMailSender mail;
  private final String from;
  private final List<String> to;

  public MailStakeholderActivities(JavaMailSender mail, EmailSettings settings) {
    this.mail = mail;
    this.from = settings.from();
    this.to = settings.to();
  }

  @Override
  public void emailStakeholders(LeadershipNotice notice) {
    IncidentBrief brief = notice.brief();
    String messageId = "<" + brief.incidentId() + "." + notice.kind() + "@incident-response>";
    MimeMessage message =
        new MimeMessage(Session.getInstance(new Properties())) {
          @Override
          protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
          }
        };
    try {
      MimeMessageHelper helper = new MimeMessageHelper(message, "UTF-8");
      helper.setFrom(from);
      helper.setTo(to.toArray(String[]::new));
      helper.setSubject(
          "[" + brief.severity() + "] Incident " + notice.kind() + ": " + brief.title());
      helper.setText(
          brief.title()
              + "\n\nService: "
              + brief.service()
              + "\nSeverity: "
              + brief.severity()
              + "\nImpact: "
              + brief.impact()
              + "\nIncident commander: "
              + (brief.commander() == null ? "unassigned" : brief.commander())
              + "\nIncident channel: #"
              + brief.channelName()
              + "\n\n"
              + notice.reason()
              + "\n\nIncident id: "
              + brief.incidentId()
              + "\n");
      mail.send(message);
    } catch (MailAuthenticationException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "SMTP authentication failed", FailureType.INVALID_CREDENTIALS.type());
    } catch (MailException e) {
      throw ApplicationFailure.newFailure(
          "SMTP send failed: " + e.getMessage(), FailureType.UNAVAILABLE.type());
    } catch (MessagingException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "bad e-mail address or content: " + e.getMessage(), FailureType.BAD_REQUEST.type());
    }
  }
}
