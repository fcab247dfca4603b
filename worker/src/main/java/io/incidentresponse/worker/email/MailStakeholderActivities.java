package io.incidentresponse.worker.email;

import io.incidentresponse.workflows.communication.IncidentBrief;
import io.incidentresponse.workflows.communication.LeadershipNotice;
import io.incidentresponse.workflows.communication.StakeholderActivities;
import java.util.List;
import org.springframework.mail.javamail.JavaMailSender;

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
    this.mail = Mails.bounded(mail);
    this.from = settings.from();
    this.to = settings.to();
  }

  @Override
  public void emailStakeholders(LeadershipNotice notice) {
    IncidentBrief brief = notice.brief();
    String messageId = "<" + brief.incidentId() + "." + notice.kind() + "@incident-response>";
    Mails.send(
        mail,
        from,
        to.toArray(String[]::new),
        "[" + brief.severity() + "] Incident " + notice.kind() + ": " + brief.title(),
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
            + "\n",
        messageId);
  }
}
