package io.incidentresponse.activities.git;

import static io.incidentresponse.activities.SettingChecks.blank;
import static io.incidentresponse.activities.SettingChecks.positive;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which git repositories hold which service's code and configuration, for the GIT_CHANGES probe.
 *
 * @param repositories repository name to where it is; the integration is configured when there is
 *     at least one
 * @param services service name to its repository and paths; a service not listed uses the
 *     repository of its own name, whole, when there is one
 * @param mirrorDirectory where the bare mirrors are kept; default {@code
 *     ~/.cache/incident-response/git-mirrors}
 * @param fetchTimeout the most one clone or fetch may take; default 20 s (the probe has 60 s)
 * @param lookBack how far before the diagnosis window's start commits still count; default 1 h
 * @param cloneTimeout the most the first clone of a repository may take; default 5 min. It may
 *     outlast the probe (60 s): the probe then reports the repository unavailable while the clone
 *     goes on, and the worker starts every clone at start-up ({@link GitChanges#warmUp})
 */
public record GitSettings(
    Map<String, RepositorySettings> repositories,
    Map<String, ServicePaths> services,
    String mirrorDirectory,
    Duration fetchTimeout,
    Duration lookBack,
    Duration cloneTimeout) {

  static final String PREFIX = "incident.git";

  /**
   * Default config globs: Helm values, Kubernetes manifests, feature-flag files. A file matching
   * one counts for a service whose code paths are set only when it lies under one of them or names
   * the service in its path; explicit {@code config-paths} count as given.
   */
  public static final List<String> DEFAULT_CONFIG_PATHS =
      List.of(
          "**/values*.{yaml,yml}",
          "**/{k8s,deploy,manifests}/**/*.{yaml,yml}",
          "**/*flags*.{json,yaml,yml}");

  public GitSettings {
    repositories = repositories == null ? Map.of() : Map.copyOf(repositories);
    services = services == null ? Map.of() : Map.copyOf(services);
    mirrorDirectory =
        blank(mirrorDirectory)
            ? Path.of(System.getProperty("user.home"), ".cache", "incident-response", "git-mirrors")
                .toString()
            : mirrorDirectory.strip();
    fetchTimeout = positive(PREFIX + ".fetch-timeout", fetchTimeout, Duration.ofSeconds(20));
    cloneTimeout = positive(PREFIX + ".clone-timeout", cloneTimeout, Duration.ofMinutes(5));
    lookBack =
        lookBack != null && lookBack.isZero()
            ? lookBack
            : positive(PREFIX + ".look-back", lookBack, Duration.ofHours(1));
    for (Map.Entry<String, RepositorySettings> repository : repositories.entrySet()) {
      if (repository.getValue() == null) {
        throw new IllegalArgumentException(
            PREFIX + ".repositories." + repository.getKey() + ".url is required");
      }
      repository.getValue().check(PREFIX + ".repositories." + repository.getKey());
    }
    for (Map.Entry<String, ServicePaths> service : services.entrySet()) {
      String property = PREFIX + ".services." + service.getKey() + ".repository";
      String name = service.getValue() == null ? null : service.getValue().repository();
      if (blank(name)) {
        throw new IllegalArgumentException(property + " is required");
      }
      checkPatterns(
          PREFIX + ".services." + service.getKey() + ".code-paths", service.getValue().codePaths());
      checkPatterns(
          PREFIX + ".services." + service.getKey() + ".config-paths",
          service.getValue().configPaths());
      if (!repositories.containsKey(name)) {
        throw new IllegalArgumentException(
            property
                + " names "
                + name
                + ", which is not under "
                + PREFIX
                + ".repositories "
                + repositories.keySet());
      }
    }
  }

  private static void checkPatterns(String property, List<String> patterns) {
    try {
      PathPatterns.of(patterns);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(property + ": " + e.getMessage());
    }
  }

  public boolean configured() {
    return !repositories.isEmpty();
  }

  public Path mirrorPath() {
    return Path.of(mirrorDirectory);
  }

  /** The repository and paths of {@code service}, or null when none is mapped. */
  Mapping mapping(String service) {
    ServicePaths paths = services.get(service);
    if (paths != null) {
      return new Mapping(paths.repository(), repositories.get(paths.repository()), paths);
    }
    RepositorySettings own = repositories.get(service);
    return own == null
        ? null
        : new Mapping(service, own, new ServicePaths(service, List.of(), List.of()));
  }

  /** A service's repository, by name, with its paths. */
  record Mapping(String name, RepositorySettings repository, ServicePaths paths) {}

  @Override
  public String toString() {
    Map<String, String> shown = new LinkedHashMap<>();
    repositories.forEach((name, repository) -> shown.put(name, repository.toString()));
    return "GitSettings[repositories="
        + shown
        + ", services="
        + services
        + ", mirrorDirectory="
        + mirrorDirectory
        + ", fetchTimeout="
        + fetchTimeout
        + ", lookBack="
        + lookBack
        + ", cloneTimeout="
        + cloneTimeout
        + "]";
  }

  /**
   * One repository.
   *
   * @param url {@code https://}, {@code file://} or {@code http://} (with a token only to this
   *     machine: {@code localhost}, {@code 127.0.0.1}, e.g. a local proxy); SSH is refused: this
   *     build carries no SSH transport. Credentials are never written into it.
   * @param branch the branch to walk; default {@code main}
   * @param username the HTTPS user sent with the token; default {@code git} (GitHub and GitLab take
   *     any user name with an access token)
   * @param token an HTTPS access token, from the environment; never printed
   * @param tokenFile a file holding the token (a mounted secret), read at each fetch so a rotated
   *     token is picked up; not with {@code token}
   */
  public record RepositorySettings(
      String url, String branch, String username, String token, String tokenFile) {

    public RepositorySettings {
      url = blank(url) ? null : url.strip();
      branch = blank(branch) ? "main" : branch.strip();
      username = blank(username) ? "git" : username.strip();
      token = blank(token) ? null : token.strip();
      tokenFile = blank(tokenFile) ? null : tokenFile.strip();
    }

    void check(String property) {
      if (url == null) {
        throw new IllegalArgumentException(property + ".url is required");
      }
      if (url.regionMatches(true, 0, "ssh://", 0, 6) || url.matches("^[^/:]+@[^/:]+:.*")) {
        throw new IllegalArgumentException(
            property
                + ".url is an SSH URL: this build carries no SSH transport; use https:// with "
                + property
                + ".token");
      }
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        // The message leaves the URL out: it may carry credentials.
        throw new IllegalArgumentException(
            property + ".url is not a URL (https://, http:// or file://)");
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http") && !scheme.equals("file")) {
        throw new IllegalArgumentException(
            property + ".url must be https://, http:// or file://, was " + scheme + ":");
      }
      if (uri.getRawUserInfo() != null) {
        throw new IllegalArgumentException(
            property + ".url carries credentials: put the token in " + property + ".token");
      }
      if (token != null && tokenFile != null) {
        throw new IllegalArgumentException(
            property + ".token and " + property + ".token-file are both set: keep one");
      }
      boolean loopback =
          scheme.equals("http")
              && ("localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost()));
      if ((token != null || tokenFile != null) && !scheme.equals("https") && !loopback) {
        throw new IllegalArgumentException(
            property
                + ": a token is sent over https:// only (or http:// to this machine), the URL is "
                + scheme
                + "://");
      }
      if (tokenFile != null && !Files.isReadable(Path.of(tokenFile))) {
        throw new IllegalArgumentException(
            property + ".token-file " + tokenFile + " is not a readable file");
      }
      if (branch.contains("..") || branch.startsWith("-") || branch.matches(".*[\\s~^:?*\\[].*")) {
        throw new IllegalArgumentException(property + ".branch is not a branch name: " + branch);
      }
    }

    /** The token to send, or null: {@link #token}, else the token file as it is now. */
    String currentToken() throws IOException {
      if (token != null) {
        return token;
      }
      if (tokenFile == null) {
        return null;
      }
      String text = Files.readString(Path.of(tokenFile), StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? null : text;
    }

    /** Never prints the token. */
    @Override
    public String toString() {
      return "RepositorySettings[url="
          + url
          + ", branch="
          + branch
          + ", username="
          + username
          + ", token="
          + (token != null ? "(set)" : tokenFile != null ? "(file " + tokenFile + ")" : "(none)")
          + "]";
    }
  }

  /**
   * Where a service lives in its repository.
   *
   * @param repository the name of its repository under {@code incident.git.repositories}
   * @param codePaths path prefixes ({@code services/checkout}) or globs ({@code
   *     services/checkout/**}) of its code; empty: the whole repository
   * @param configPaths globs of its configuration (Helm values, manifests, feature flags); empty:
   *     {@link GitSettings#DEFAULT_CONFIG_PATHS}
   */
  public record ServicePaths(String repository, List<String> codePaths, List<String> configPaths) {
    public ServicePaths {
      repository = blank(repository) ? null : repository.strip();
      codePaths = clean(codePaths);
      configPaths = clean(configPaths);
    }

    private static List<String> clean(List<String> paths) {
      return paths == null
          ? List.of()
          : paths.stream()
              .filter(p -> !blank(p))
              .map(p -> p.strip().replaceAll("(^/+|/+$)", ""))
              .toList();
    }
  }
}
