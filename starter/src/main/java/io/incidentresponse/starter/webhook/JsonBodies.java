package io.incidentresponse.starter.webhook;

import io.incidentresponse.starter.config.IncidentProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads request bodies within the size limit and parses them, turning every Jackson error into a
 * {@link BadInputException} that names the field.
 */
@Component
public class JsonBodies {
  private final JsonMapper mapper;
  private final long maxBytes;

  public JsonBodies(JsonMapper mapper, IncidentProperties properties) {
    this.mapper = mapper;
    this.maxBytes = properties.webhooks().maxBodySize().toBytes();
  }

  /** The raw body, or 413 when it is larger than the limit (checked before and while reading). */
  public byte[] read(HttpServletRequest request) throws IOException {
    if (request.getContentLengthLong() > maxBytes) {
      throw tooLarge();
    }
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (body.length > maxBytes) {
        throw tooLarge();
      }
      if (body.length == 0) {
        throw new BadInputException(HttpStatus.BAD_REQUEST, null, "the request body is empty");
      }
      return body;
    }
  }

  public <T> T parse(byte[] body, Class<T> type) {
    try {
      return mapper.readValue(body, type);
    } catch (DatabindException e) {
      throw wrongField(e);
    } catch (JacksonException e) {
      throw new BadInputException(
          HttpStatus.BAD_REQUEST, null, "malformed JSON: " + e.getOriginalMessage());
    }
  }

  /** Converts a parsed tree to {@code type}, naming the field that does not fit. */
  public <T> T convert(JsonNode tree, Class<T> type) {
    try {
      return mapper.treeToValue(tree, type);
    } catch (DatabindException e) {
      throw wrongField(e);
    }
  }

  private static BadInputException wrongField(DatabindException e) {
    String field = e.getPath().isEmpty() ? null : path(e);
    return new BadInputException(
        HttpStatus.UNPROCESSABLE_CONTENT,
        field,
        (field == null ? "" : field + ": ") + e.getOriginalMessage());
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
}
