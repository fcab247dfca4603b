package io.incidentresponse.worker.email;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.List;

/**
 * Stakeholder e-mail, bound from {@code incident.email.*}; the SMTP server is Spring's {@code
 * spring.mail.*}. Addresses are checked when the worker starts, so a typo stops it with the
 * property's name instead of failing the first P0's notice.
 *
 * @param to the stakeholders told when a P0/P1 opens and is resolved ({@code INCIDENT_EMAIL_TO},
 *     comma-separated); blank entries are dropped; e-mail is configured when one is left
 * @param from the sender; default {@value #DEFAULT_FROM}
 */
public record EmailSettings(List<String> to, String from) {
  public static final String DEFAULT_FROM = "incident-response@localhost";

  public EmailSettings {
    to =
        to == null
            ? List.of()
            : to.stream().map(String::strip).filter(address -> !address.isEmpty()).toList();
    from = from == null || from.isBlank() ? DEFAULT_FROM : from.strip();
    to.forEach(address -> check("incident.email.to", address));
    check("incident.email.from", from);
  }

  /** Someone to tell. */
  public boolean configured() {
    return !to.isEmpty();
  }

  private static void check(String property, String address) {
    try {
      new InternetAddress(address, true);
    } catch (AddressException e) {
      throw new IllegalArgumentException(
          property
              + " has an address that is not valid: '"
              + address
              + "' ("
              + e.getMessage()
              + ")");
    }
  }
}
