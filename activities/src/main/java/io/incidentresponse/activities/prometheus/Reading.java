package io.incidentresponse.activities.prometheus;

import io.incidentresponse.activities.prometheus.PrometheusClient.Result;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/**
 * One named query's answer reduced to one number. The four queries aggregate to one series with the
 * default templates; when a custom template returns several, the worst one counts: the lowest
 * {@code up}, the highest error ratio and p95, and the sum of the request rates. {@code NaN}
 * samples (0/0: no requests in the rate window) are set aside; a result of only {@code NaN} is
 * {@link State#NAN}.
 */
public record Reading(String name, String promql, State state, double value) {

  /** What a query's answer held. */
  public enum State {
    /** A number (possibly +Inf). */
    VALUE,
    /** An empty result: the series do not exist (yet), or the template does not match. */
    NO_DATA,
    /** Only NaN samples: a ratio or quantile over no requests. */
    NAN,
    /** The template is blank: the query is switched off. */
    OFF
  }

  public static Reading off(String name) {
    return new Reading(name, null, State.OFF, Double.NaN);
  }

  public static Reading of(String name, String promql, Result result) {
    if (result.empty()) {
      return new Reading(name, promql, State.NO_DATA, Double.NaN);
    }
    List<Double> numbers = result.values().stream().filter(v -> !v.isNaN()).toList();
    if (numbers.isEmpty()) {
      return new Reading(name, promql, State.NAN, Double.NaN);
    }
    return new Reading(name, promql, State.VALUE, reduce(name, numbers));
  }

  static double reduce(String name, List<Double> numbers) {
    return switch (name) {
      case PrometheusSettings.UP ->
          numbers.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
      case PrometheusSettings.REQUEST_RATE ->
          numbers.stream().mapToDouble(Double::doubleValue).sum();
      default -> numbers.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    };
  }

  public boolean hasValue() {
    return state == State.VALUE;
  }

  /** The value in the metric's unit for people, or what stands in for it. */
  public String shown() {
    return switch (state) {
      case VALUE -> format(name, value);
      case NO_DATA -> "no data";
      case NAN -> "NaN (no requests)";
      case OFF -> "not queried";
    };
  }

  /**
   * The value for {@link io.incidentresponse.workflows.diagnosis.FindingFacts}: a plain decimal.
   */
  public String fact() {
    return plain(value);
  }

  public static String format(String name, double value) {
    return switch (name) {
      case PrometheusSettings.ERROR_RATIO -> percent(value);
      case PrometheusSettings.LATENCY_P95 -> seconds(value);
      case PrometheusSettings.REQUEST_RATE -> significant(value) + " req/s";
      default -> significant(value);
    };
  }

  /** {@code 0.124} to {@code 12.4%}, {@code 0.003} to {@code 0.3%}, {@code 0.05} to {@code 5%}. */
  public static String percent(double share) {
    if (Double.isInfinite(share)) {
      return share > 0 ? "+Inf" : "-Inf";
    }
    double percent = share * 100;
    int decimals = Math.abs(percent) >= 1 || percent == 0 ? 1 : 2;
    return BigDecimal.valueOf(percent)
            .setScale(decimals, RoundingMode.HALF_UP)
            .stripTrailingZeros()
            .toPlainString()
        + "%";
  }

  /** {@code 0.18} to {@code 180 ms}, {@code 2.345} to {@code 2.35 s}, {@code +Inf} as is. */
  public static String seconds(double seconds) {
    if (Double.isInfinite(seconds)) {
      return "+Inf s (above the highest histogram bucket)";
    }
    if (Math.abs(seconds) < 1 && seconds != 0) {
      return significant(seconds * 1000) + " ms";
    }
    return significant(seconds) + " s";
  }

  /** Three significant digits at most, no exponent, no trailing zeros. */
  static String significant(double value) {
    if (Double.isInfinite(value) || Double.isNaN(value)) {
      return value > 0 ? "+Inf" : value < 0 ? "-Inf" : "NaN";
    }
    if (value == 0) {
      return "0";
    }
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(3, RoundingMode.HALF_UP));
    if (Math.abs(value) >= 1000) {
      rounded = rounded.setScale(0, RoundingMode.HALF_UP);
    }
    return rounded.stripTrailingZeros().toPlainString();
  }

  /** A plain decimal ({@code 0.124}, {@code 1}); {@code Infinity} for +Inf. */
  static String plain(double value) {
    if (Double.isInfinite(value) || Double.isNaN(value)) {
      return Double.toString(value);
    }
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
