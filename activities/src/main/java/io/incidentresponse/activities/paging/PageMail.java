package io.incidentresponse.activities.paging;

/**
 * One page by e-mail.
 *
 * @param to the person's address
 * @param subject one line
 * @param text plain text
 * @param messageId {@code <...@...>}, derived from the incident, level and person
 */
public record PageMail(String to, String subject, String text, String messageId) {}
