package io.incidentresponse.activities.paging;

/**
 * Sends a page by e-mail (SMTP in the worker, where the mail dependency is). The same {@link
 * PageMail#messageId()} means the same message: a retried send is one message to mail clients.
 *
 * <p>Failures are {@code ApplicationFailure}s typed as elsewhere: SMTP refusing the credentials is
 * the non-retryable INVALID_CREDENTIALS, an unreachable, refusing or hanging server the retryable
 * UNAVAILABLE, an address or content the server cannot take the non-retryable BAD_REQUEST.
 */
public interface PageMailer {
  void send(PageMail mail);
}
