package io.incidentresponse.activities;

import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.failures.FailureType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * An activity interface whose integration has no implementation or no settings yet. Each call fails
 * at once with the non-retryable {@link FailureType#NOT_CONFIGURED} naming the integration, so the
 * incident records "chat (Slack) is not configured" on its timeline (a probe becomes an UNAVAILABLE
 * finding) and goes on: never a hang on an activity nobody serves, never a silent success. The
 * failure is an expected outcome ({@link ExpectedFailures}): the worker log does not repeat it per
 * incident; the worker says once at start-up what is not configured. The worker registers one of
 * these for every interface it has no real implementation for.
 */
public final class NotConfiguredActivities {
  private NotConfiguredActivities() {}

  /** An implementation of {@code activityInterface} that reports {@code integration} missing. */
  public static <T> T of(Class<T> activityInterface, String integration) {
    return activityInterface.cast(
        Proxy.newProxyInstance(
            activityInterface.getClassLoader(),
            new Class<?>[] {activityInterface},
            new Handler(integration)));
  }

  /** True when {@code implementation} was made by {@link #of}: nothing serves its interface. */
  public static boolean isNotConfigured(Object implementation) {
    return implementation != null
        && Proxy.isProxyClass(implementation.getClass())
        && Proxy.getInvocationHandler(implementation) instanceof Handler;
  }

  private record Handler(String integration) implements InvocationHandler {
    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "toString" -> "NotConfigured[" + integration + "]";
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> throw new UnsupportedOperationException(method.getName());
        };
      }
      throw ExpectedFailures.notConfigured(integration + " is not configured");
    }
  }
}
