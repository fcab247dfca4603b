package io.incidentresponse.worker.email;

import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Properties;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Sends one plain-text e-mail with a given Message-ID (so a message resent by a retry is the same
 * message to mail clients) and classifies SMTP's failures as the activities' failure types: failed
 * authentication is the non-retryable INVALID_CREDENTIALS, an unreachable or hanging server the
 * retryable UNAVAILABLE, an address or content the message cannot take the non-retryable
 * BAD_REQUEST.
 */
final class Mails {
  /**
   * The longest an SMTP connection, read or write may take. JavaMail waits forever by default, so a
   * server that accepts the connection and says nothing would hold the activity until its timeout.
   */
  static final Duration SMTP_TIMEOUT = Duration.ofSeconds(10);

  private Mails() {}

  /**
   * Bounds {@code mail}'s SMTP connection, reads and writes by {@link #SMTP_TIMEOUT} unless {@code
   * spring.mail.properties.mail.smtp.*timeout} set them already.
   */
  static JavaMailSender bounded(JavaMailSender mail) {
    if (mail instanceof JavaMailSenderImpl impl) {
      Properties properties = impl.getJavaMailProperties();
      String millis = String.valueOf(SMTP_TIMEOUT.toMillis());
      properties.putIfAbsent("mail.smtp.connectiontimeout", millis);
      properties.putIfAbsent("mail.smtp.timeout", millis);
      properties.putIfAbsent("mail.smtp.writetimeout", millis);
    }
    return mail;
  }

  static void send(
      JavaMailSender mail,
      String from,
      String[] to,
      String subject,
      String text,
      String messageId) {
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
      helper.setTo(to);
      helper.setSubject(subject);
      helper.setText(text);
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
