package io.incidentresponse.starter.webhook;

import io.incidentresponse.starter.config.IncidentProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Reads request bodies within the size limit and parses them strictly, turning every Jackson error
 * into a {@link BadInputException} that names the field.
 *
 * <p>Strict means: the body is a JSON object; a number is not a string and a string is not a number
 * or a boolean; no fraction becomes an integer; enums by name only; timestamps are ISO-8601 strings
 * with an offset; a key given twice is malformed. A missing optional boolean is false.
 */
@Component
public class JsonBodies {
  /**
   * Bodies are taken as {@code application/json} or this ({@code application/problem+json}, {@code
   * application/merge-patch+json}...), any charset; any other type, or none, is 415. That also
   * closes the cross-site "simple request" ({@code text/plain}) to the API.
   */
  public static final String ANY_JSON = "application/*+json";

  private static final int MAX_MESSAGE = 200;

  /** A body up to this declared length is read into an array of its size at once. */
  private static final int SMALL_BODY = 64 * 1024;

  private final JsonMapper mapper;
  private final JsonMapper exact;
  private final long maxBytes;

  public JsonBodies(JsonMapper mapper, IncidentProperties properties) {
    this.mapper = strict(mapper);
    this.exact =
        this.mapper.rebuild().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    this.maxBytes = properties.webhooks().maxBodySize().toBytes();
  }

  private static JsonMapper strict(JsonMapper base) {
    return base.rebuild()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .disable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        .disable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
        .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .withCoercionConfig(
            LogicalType.Textual,
            c ->
                c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
        .withCoercionConfig(
            LogicalType.Enum, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
        .withCoercionConfig(
            LogicalType.Boolean,
            c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
        .addModule(new SimpleModule("strict-timestamps").addDeserializer(Instant.class, TIMESTAMP))
        .build();
  }

  /** The raw body, or 413 when it is larger than the limit (checked before and while reading). */
  public byte[] read(HttpServletRequest request) throws IOException {
    if (request.getContentLengthLong() > maxBytes) {
      throw tooLarge();
    }
    try (InputStream in = request.getInputStream()) {
      long declared = request.getContentLengthLong();
      byte[] body =
          declared > 0 && declared <= SMALL_BODY
              ? declared(in, (int) declared)
              : in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (body.length > maxBytes) {
        throw tooLarge();
      }
      if (body.length == 0) {
        throw new BadInputException(HttpStatus.BAD_REQUEST, null, "the request body is empty");
      }
      return body;
    }
  }

  /**
   * A body of the declared length, read into an array of that size: reading up to the limit grows a
   * buffer in 8 KB steps and copies it. Only for a small declared length: a length declared and
   * never sent holds at most that much memory (a larger body grows as it arrives).
   */
  private static byte[] declared(InputStream in, int length) throws IOException {
    byte[] body = new byte[length];
    int read = in.readNBytes(body, 0, length);
    return read == length ? body : Arrays.copyOf(body, read);
  }

  /**
   * The body as {@code type}; it must be a JSON object. A body that reads is read once, straight
   * into {@code type}; one that does not is read again as a tree and then converted, so that the
   * answer is the same as it always was (400 for malformed JSON anywhere in the body, before any
   * field's 422; 422 when it is not an object).
   */
  public <T> T parse(byte[] body, Class<T> type) {
    if (opensObject(body)) {
      try {
        T value = mapper.readValue(body, type);
        if (value != null) {
          return value;
        }
      } catch (JacksonException e) {
        // named below, as by the two-step reading
      }
    }
    return convert(object(body), type);
  }

  /** Whether the first byte that is not JSON whitespace opens an object. */
  private static boolean opensObject(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return b == '{';
      }
    }
    return false;
  }

  /** The body as a tree; 400 when it is not JSON, 422 when it is not a JSON object. */
  public JsonNode object(byte[] body) {
    JsonNode tree;
    try {
      tree = mapper.readTree(body);
    } catch (JacksonException e) {
      throw new BadInputException(
          HttpStatus.BAD_REQUEST, null, "malformed JSON: " + shorten(e.getOriginalMessage()));
    }
    if (tree == null || !tree.isObject()) {
      throw new BadInputException(
          HttpStatus.UNPROCESSABLE_CONTENT,
          null,
          "the body must be a JSON object, was "
              + (tree == null ? "nothing" : tree.getNodeType().name().toLowerCase()));
    }
    return tree;
  }

  /** Converts a parsed tree to {@code type}, naming the field that does not fit. */
  public <T> T convert(JsonNode tree, Class<T> type) {
    try {
      return mapper.treeToValue(tree, type);
    } catch (JacksonException e) {
      throw wrongField(e);
    }
  }

  /**
   * Like {@link #convert}, and a field {@code type} does not have is 422 naming it: for this API's
   * own bodies, where a misspelt {@code nots} would otherwise drop the note without a word. (Alert
   * sources' payloads keep fields this project does not read, so webhooks use {@link #convert}.)
   */
  public <T> T convertExact(JsonNode tree, Class<T> type) {
    try {
      return exact.treeToValue(tree, type);
    } catch (JacksonException e) {
      throw wrongField(e);
    }
  }

  private static BadInputException wrongField(JacksonException e) {
    String field = e.getPath().isEmpty() ? null : path(e);
    String problem;
    if (e instanceof UnrecognizedPropertyException unknown) {
      problem =
          "is not a field of this body; known: "
              + unknown.getKnownPropertyIds().stream()
                  .map(String::valueOf)
                  .sorted()
                  .collect(Collectors.joining(", "));
    } else if (e instanceof InputCoercionException) {
      problem = "is out of range";
    } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      problem = "must be " + expected(mismatch.getTargetType());
    } else {
      problem = shorten(e.getOriginalMessage());
    }
    return new BadInputException(
        HttpStatus.UNPROCESSABLE_CONTENT,
        field,
        (field == null ? "the body" : field) + " " + problem);
  }

  /** What a value of {@code type} looks like in JSON, for a message. */
  private static String expected(Class<?> type) {
    if (type.isEnum()) {
      return "one of "
          + Arrays.stream(type.getEnumConstants())
              .map(c -> ((Enum<?>) c).name())
              .collect(Collectors.joining(", "));
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Instant.class) {
      return "an ISO-8601 timestamp string with an offset, e.g. 2026-11-29T14:00:00Z";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
      return "a whole number";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "an object of strings";
    }
    return "an object";
  }

  private static String shorten(String message) {
    String firstLine = message == null ? "" : message.lines().findFirst().orElse("");
    return firstLine.length() <= MAX_MESSAGE
        ? firstLine
        : firstLine.substring(0, MAX_MESSAGE - 1) + "…";
  }

  private BadInputException tooLarge() {
    return new BadInputException(
        HttpStatus.CONTENT_TOO_LARGE, null, "the body is larger than " + maxBytes + " bytes");
  }

  private static String path(JacksonException e) {
    StringBuilder out = new StringBuilder();
    for (JacksonException.Reference reference : e.getPath()) {
      if (reference.getPropertyName() != null) {
        out.append(out.isEmpty() ? "" : ".").append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        out.append('[').append(reference.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  /** Timestamps as ISO-8601 strings with an offset only: never epoch numbers. */
  private static final ValueDeserializer<Instant> TIMESTAMP =
      new ValueDeserializer<>() {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext context) {
          if (p.currentToken() != JsonToken.VALUE_STRING) {
            return (Instant) context.handleUnexpectedToken(Instant.class, p);
          }
          String text = p.getString();
          try {
            return IsoTimestamps.parse(text);
          } catch (DateTimeParseException e) {
            return (Instant)
                context.handleWeirdStringValue(Instant.class, text, "not an ISO-8601 timestamp");
          }
        }
      };
}
