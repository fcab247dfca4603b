package io.incidentresponse.activities.postmortem;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where postmortem drafts are published: always a directory; also a git repository when {@code
 * gitUrl} is set.
 *
 * @param directory where {@code <yyyy-MM-dd-HHmm>-<incident>.md} is written; default {@code
 *     ./data/postmortems}
 * @param gitUrl HTTPS (or {@code file://}) URL of the repository; null publishes to the directory
 *     only. SSH URLs are refused: this build carries no SSH transport, use HTTPS with a token.
 * @param gitBranch branch to commit to; default {@code main}
 * @param gitPath folder inside the repository; default {@code postmortems}
 * @param gitUsername user for HTTPS; default {@code git} when a token is set (GitHub and GitLab
 *     accept any user name with a personal access token)
 * @param gitToken HTTPS token or password; from the environment, never logged
 * @param gitAuthorName author and committer of the commits; default {@code incident-response}
 * @param gitAuthorEmail their e-mail; default {@code incident-response@localhost}
 * @param gitWorkDir where the working copy lives; default {@code ./data/postmortems-git}
 * @param gitTimeout timeout of one fetch or push; default 30 s (the activity has 2 minutes)
 * @param linkTemplate a clickable link to a published draft, with {@code {path}} (the file's path
 *     in the repository, or its name when there is no repository), {@code {branch}}, {@code
 *     {revision}} and {@code {file}}, e.g. {@code
 *     https://git.example.com/sre/postmortems/blob/main/{path}}; null: no link
 */
public record PostmortemPublishingSettings(
    String directory,
    String gitUrl,
    String gitBranch,
    String gitPath,
    String gitUsername,
    String gitToken,
    String gitAuthorName,
    String gitAuthorEmail,
    String gitWorkDir,
    Duration gitTimeout,
    String linkTemplate) {

  public PostmortemPublishingSettings {
    directory = blank(directory) ? "./data/postmortems" : directory.trim();
    gitUrl = blank(gitUrl) ? null : gitUrl.trim();
    if (gitUrl != null && (gitUrl.startsWith("ssh://") || gitUrl.matches("^[^/:]+@[^/:]+:.*"))) {
      throw new IllegalArgumentException(
          "postmortem git URL must be HTTPS or file://, not SSH (no SSH transport is bundled)");
    }
    gitBranch = blank(gitBranch) ? "main" : gitBranch.trim();
    gitPath = gitPath == null ? "postmortems" : gitPath.trim().replaceAll("(^/+|/+$)", "");
    gitUsername = blank(gitUsername) ? (blank(gitToken) ? null : "git") : gitUsername.trim();
    gitAuthorName = blank(gitAuthorName) ? "incident-response" : gitAuthorName.trim();
    gitAuthorEmail = blank(gitAuthorEmail) ? "incident-response@localhost" : gitAuthorEmail.trim();
    gitWorkDir = blank(gitWorkDir) ? "./data/postmortems-git" : gitWorkDir.trim();
    gitTimeout =
        gitTimeout == null || gitTimeout.isNegative() || gitTimeout.isZero()
            ? Duration.ofSeconds(30)
            : gitTimeout;
    linkTemplate = blank(linkTemplate) ? null : linkTemplate.trim();
  }

  /** Directory only, the local default. */
  public static PostmortemPublishingSettings directoryOnly(String directory) {
    return new PostmortemPublishingSettings(
        directory, null, null, null, null, null, null, null, null, null, null);
  }

  public boolean gitConfigured() {
    return gitUrl != null;
  }

  public Path directoryPath() {
    return Path.of(directory);
  }

  public Path gitWorkDirPath() {
    return Path.of(gitWorkDir);
  }

  /** The git URL without any user or password written into it: safe to print. */
  public String safeGitUrl() {
    return gitUrl == null ? null : withoutUserInfo(gitUrl);
  }

  static String withoutUserInfo(String url) {
    try {
      URI uri = URI.create(url);
      if (uri.getRawUserInfo() == null) {
        return url;
      }
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
          .toString();
    } catch (Exception e) {
      return url.replaceAll("(?<=://)[^/@]*@", "");
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /** Never prints the token, nor credentials written into the URL. */
  @Override
  public String toString() {
    return "PostmortemPublishingSettings[directory="
        + directory
        + ", gitUrl="
        + safeGitUrl()
        + ", gitBranch="
        + gitBranch
        + ", gitPath="
        + gitPath
        + ", gitUsername="
        + gitUsername
        + ", gitToken="
        + (blank(gitToken) ? "(none)" : "(set)")
        + ", gitWorkDir="
        + gitWorkDir
        + ", linkTemplate="
        + linkTemplate
        + "]";
  }
}
