package io.incidentresponse.worker.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.incidentresponse.activities.paging.PageMail;
import io.temporal.failure.ApplicationFailure;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** Pages by e-mail to a real (embedded) SMTP server, and to one that accepts and says nothing. */
class MailPageMailerTest {
  @RegisterExtension
  static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP);

  private static final PageMail PAGE =
      new PageMail(
          "alice@example.com",
          "[P1] Page (HIGH urgency): Checkout 5xx above 5%",
          "Alice Ng, you are paged (HIGH urgency: please respond now).\n",
          "<incident-checkout-1.page-1.2bd806c97f0e@incident-response>");

  private static JavaMailSenderImpl sender(int port) {
    JavaMailSenderImpl sender = new JavaMailSenderImpl();
    sender.setHost("127.0.0.1");
    sender.setPort(port);
    return sender;
  }

  private static MailPageMailer mailer(int port) {
    return new MailPageMailer(sender(port), new EmailSettings(List.of(), "oncall@example.com"));
  }

  @Test
  void page_isMailedToThePerson_withSeverityAndTitleInTheSubject_andTheSameMessageIdOnRetry()
      throws Exception {
    MailPageMailer mailer = mailer(smtp.getSmtp().getPort());

    mailer.send(PAGE);
    mailer.send(PAGE); // a retry after the answer was lost

    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(2);
    for (MimeMessage message : received) {
      assertThat(message.getAllRecipients())
          .extracting(Object::toString)
          .containsExactly("alice@example.com");
      assertThat(message.getFrom()[0].toString()).isEqualTo("oncall@example.com");
      assertThat(message.getSubject()).isEqualTo("[P1] Page (HIGH urgency): Checkout 5xx above 5%");
      assertThat(message.getMessageID())
          .isEqualTo("<incident-checkout-1.page-1.2bd806c97f0e@incident-response>");
    }
    assertThat(GreenMailUtil.getBody(received[0])).contains("you are paged");
  }

  @Test
  void smtpThatAcceptsTheConnectionAndHangs_failsRetryablyWithinTheBound() throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {
      Thread accept =
          new Thread(
              () -> {
                try (Socket held = silent.accept()) {
                  Thread.sleep(60_000); // never greets
                } catch (Exception ignored) {
                  // interrupted by the test
                }
              });
      accept.setDaemon(true);
      accept.start();
      long started = System.nanoTime();

      ApplicationFailure failure =
          catchThrowableOfType(
              ApplicationFailure.class, () -> mailer(silent.getLocalPort()).send(PAGE));

      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(failure.getType()).isEqualTo("UNAVAILABLE");
      assertThat(failure.isNonRetryable()).isFalse();
      assertThat(took).as("bounded by the 10 s SMTP timeout").isLessThan(Duration.ofSeconds(25));
      accept.interrupt();
    }
  }
}
