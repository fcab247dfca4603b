package io.incidentresponse.worker.email;

import io.incidentresponse.activities.paging.PageMail;
import io.incidentresponse.activities.paging.PageMailer;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Pages by e-mail through Spring's mail support (SMTP, {@code spring.mail.*}), from {@code
 * incident.email.from}; every SMTP step bounded ({@link Mails#SMTP_TIMEOUT}).
 */
public class MailPageMailer implements PageMailer {
  private final JavaMailSender mail;
  private final String from;

  public MailPageMailer(JavaMailSender mail, EmailSettings settings) {
    this.mail = Mails.bounded(mail);
    this.from = settings.from();
  }

  @Override
  public void send(PageMail page) {
    Mails.send(mail, from, new String[] {page.to()}, page.subject(), page.text(), page.messageId());
  }
}
