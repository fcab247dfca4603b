package io.incidentresponse.starter.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Establishes the {@link Caller} of a request to the people's API from its one credential: {@code
 * Authorization: Bearer VALUE} (a JWT when OIDC is on, otherwise or if not JWT-shaped an API key)
 * or {@code X-API-Key: KEY}. A credential that is sent and not valid is refused with 401 here, also
 * when the API is open; a request without one goes on unauthenticated (then the authorization rules
 * answer 401) or, when the API is open, as {@link Caller#anonymous()}. Credentials in the query
 * string are never read.
 */
final class CredentialFilter extends OncePerRequestFilter {
  static final String API_KEY_HEADER = "X-API-Key";
  private static final String BEARER = "Bearer ";

  private final ApiKeys apiKeys;
  private final OidcCallers oidc;
  private final boolean open;
  private final SecurityProblems problems;
  private final SecurityContextHolderStrategy contexts =
      SecurityContextHolder.getContextHolderStrategy();

  CredentialFilter(ApiKeys apiKeys, OidcCallers oidc, boolean open, SecurityProblems problems) {
    this.apiKeys = apiKeys;
    this.oidc = oidc;
    this.open = open;
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Caller caller;
    try {
      caller = caller(request).orElse(open ? Caller.anonymous() : null);
    } catch (InvalidCredentialException e) {
      problems.unauthorized(response, e.getMessage());
      return;
    } catch (IdentityProviderUnavailableException e) {
      problems.unavailable(response, e.getMessage());
      return;
    }
    if (caller != null) {
      SecurityContext context = contexts.createEmptyContext();
      context.setAuthentication(new CallerAuthentication(caller));
      contexts.setContext(context);
    }
    chain.doFilter(request, response);
  }

  private Optional<Caller> caller(HttpServletRequest request) {
    int authorizations = Collections.list(request.getHeaders(HttpHeaders.AUTHORIZATION)).size();
    int keys = Collections.list(request.getHeaders(API_KEY_HEADER)).size();
    if (authorizations + keys == 0) {
      return Optional.empty();
    }
    if (authorizations + keys > 1) {
      throw new InvalidCredentialException(
          "send one credential: either one Authorization header or one X-API-Key header");
    }
    if (keys == 1) {
      return Optional.of(apiKey(request.getHeader(API_KEY_HEADER).strip()));
    }
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw new InvalidCredentialException(
          "the Authorization header must be 'Bearer ' and an API key or an OIDC token");
    }
    String value = authorization.substring(BEARER.length()).strip();
    if (oidc != null && OidcCallers.looksLikeJwt(value)) {
      return Optional.of(oidc.caller(value));
    }
    return Optional.of(apiKey(value));
  }

  private Caller apiKey(String key) {
    if (key.isEmpty()) {
      throw new InvalidCredentialException("the credential is empty");
    }
    return apiKeys
        .find(key)
        .orElseThrow(() -> new InvalidCredentialException("the API key is not known"));
  }
}
