package io.incidentresponse.starter.security;

/** A credential was sent and is not valid: 401, even when the API is open. */
final class InvalidCredentialException extends RuntimeException {
  InvalidCredentialException(String detail) {
    super(detail);
  }
}
