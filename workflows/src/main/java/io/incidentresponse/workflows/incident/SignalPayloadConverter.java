package io.incidentresponse.workflows.incident;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.util.RecyclerPool;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.temporal.common.converter.PayloadConverter;
import java.lang.reflect.Type;
import java.util.Optional;

/**
 * Temporal's JSON converter, except for the input of a person's signal ({@link PersonSignalInput})
 * whose JSON does not fit its type, e.g. {@code {"severity":"P9"}} typed in the Temporal UI. The
 * SDK would drop such a signal before any handler runs, with one line in the worker's log; this
 * converter hands the handler {@code null} instead and keeps the reason for it ({@link
 * #takeProblem()}), so the incident says on its timeline and in its current details that the signal
 * was not understood, and why.
 *
 * <p>The SDK decodes a signal's input in the workflow thread that then runs its handler, so the
 * reason is kept per thread between the two. Decoding is a pure function of the recorded payload,
 * so a replay sees the same reason: it is safe to put it in workflow state.
 *
 * <p>Its JSON is Temporal's default mapper, byte for byte, except where Jackson keeps its working
 * buffers: in one bounded pool ({@link #BUFFERS}) rather than a set per thread. Jackson's default
 * keeps about 20 KB of buffers for every thread that ever encoded or decoded, for as long as the
 * thread lives; a workflow thread lives as long as its coroutine, so every waiting incident's
 * threads (the loop, the publisher, two timers) each held a set: most of an open incident's heap.
 */
public final class SignalPayloadConverter implements PayloadConverter {
  private static final int MAX_REASON = 300;
  private static final ThreadLocal<String> PROBLEM = new ThreadLocal<>();

  /** Jackson's buffers, shared by every thread: about as many sets as encode at one moment. */
  static final RecyclerPool<BufferRecycler> BUFFERS = JsonRecyclerPools.newBoundedPool(64);

  private final JacksonJsonPayloadConverter json = new JacksonJsonPayloadConverter(mapper());

  /** Temporal's default mapper with its buffers from {@link #BUFFERS}. */
  static ObjectMapper mapper() {
    ObjectMapper mapper = JacksonJsonPayloadConverter.newDefaultObjectMapper();
    mapper.getFactory().setRecyclerPool(BUFFERS);
    return mapper;
  }

  /** Temporal's default data converter with this converter in place of its JSON one. */
  public static DataConverter dataConverter() {
    return DefaultDataConverter.newDefaultInstance()
        .withPayloadConverterOverrides(new SignalPayloadConverter());
  }

  /**
   * Why the last person's signal decoded on this thread was not understood, or null; cleared by the
   * call. Handlers that get a {@code null} input ask it.
   */
  public static String takeProblem() {
    String problem = PROBLEM.get();
    PROBLEM.remove();
    return problem;
  }

  @Override
  public String getEncodingType() {
    return json.getEncodingType();
  }

  @Override
  public Optional<Payload> toData(Object value) throws DataConverterException {
    return json.toData(value);
  }

  @Override
  public <T> T fromData(Payload content, Class<T> valueClass, Type valueType)
      throws DataConverterException {
    if (!PersonSignalInput.class.isAssignableFrom(valueClass)) {
      return json.fromData(content, valueClass, valueType);
    }
    PROBLEM.remove();
    try {
      return json.fromData(content, valueClass, valueType);
    } catch (DataConverterException e) {
      PROBLEM.set(describe(e));
      return null;
    }
  }

  /** {@code severity: Cannot deserialize value of type ... from String "P9"...}, one line. */
  static String describe(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof JsonMappingException mapping) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : mapping.getPath()) {
          if (reference.getFieldName() != null) {
            field.append(field.isEmpty() ? "" : ".").append(reference.getFieldName());
          } else if (reference.getIndex() >= 0) {
            field.append('[').append(reference.getIndex()).append(']');
          }
        }
        String message = firstLine(mapping.getOriginalMessage());
        return bounded(field.isEmpty() ? message : "field '" + field + "': " + message);
      }
    }
    return bounded(firstLine(failure.getMessage()));
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "the JSON does not fit";
    }
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }

  private static String bounded(String text) {
    return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON - 1) + "…";
  }
}
