package io.incidentresponse.starter.security;

/** The OIDC issuer could not be read to check a token: 503, the caller may retry. */
final class IdentityProviderUnavailableException extends RuntimeException {
  IdentityProviderUnavailableException(String detail) {
    super(detail);
  }
}
