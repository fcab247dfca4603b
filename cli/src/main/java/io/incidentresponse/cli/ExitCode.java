package io.incidentresponse.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a call of {@code incidentctl} ended with, one exit code per kind of outcome so that a script
 * can tell "not allowed" from "no such incident" from "try again later". The list in {@code --help}
 * and the README is made from this enum.
 */
public enum ExitCode {
  DONE(0, "done"),
  REFUSED(
      1,
      "refused by policy: no or a wrong credential (401), a role you lack (403), an approval or"
          + " action item change the incident refused"),
  UNREACHABLE(
      2,
      "the API is unreachable or cannot reach Temporal: connection refused, timeout, 502, 503,"
          + " 504"),
  BAD_INPUT(3, "bad input: the server refused the request (400, 409, 413, 415, 422)"),
  NOT_FOUND(4, "not found (404): no such incident, postmortem or report"),
  NOT_SUPPORTED(5, "not supported by this server (501), e.g. list without visibility"),
  SERVER_ERROR(6, "the server failed (500 or another 5xx)"),
  UNHEALTHY(10, "health: a service's check is unhealthy"),
  HEALTH_UNKNOWN(11, "health: nothing is unhealthy, but a check could not look (unknown)"),
  USAGE(64, "usage error: unknown command or option, missing or malformed argument"),
  FAILED(70, "incidentctl itself failed (a bug: the stack trace is printed)");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }

  /** The outcome of an HTTP answer with {@code status}. */
  public static ExitCode ofStatus(int status) {
    if (status < 400) {
      return DONE;
    }
    return switch (status) {
      case 401, 403 -> REFUSED;
      case 404 -> NOT_FOUND;
      case 501 -> NOT_SUPPORTED;
      case 502, 503, 504 -> UNREACHABLE;
      default -> status >= 500 ? SERVER_ERROR : BAD_INPUT;
    };
  }

  /** Code to meaning, in this order, for picocli's exit code list. */
  public static Map<String, String> forHelp() {
    Map<String, String> list = new LinkedHashMap<>();
    for (ExitCode exit : values()) {
      list.put(String.format("%3d", exit.code), exit.meaning);
    }
    return list;
  }
}
