package io.incidentresponse.cli;

import java.io.StringWriter;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON trees read and written with Jackson's streaming parser and generator and its tree nodes,
 * without building an {@code ObjectMapper}: the CLI only ever needs trees, and a mapper's set-up
 * (serializer and deserializer factories, date formats) is a good part of a call's start-up time.
 */
final class Json {
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  static ObjectNode object() {
    return NODES.objectNode();
  }

  static ArrayNode array() {
    return NODES.arrayNode();
  }

  /** The tree of {@code text}; throws Jackson's exception when it is not one JSON value. */
  static JsonNode read(String text) {
    try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return NODES.missingNode();
      }
      JsonNode value = value(parser, first);
      if (parser.nextToken() != null) {
        throw new tools.jackson.core.exc.StreamReadException(
            parser, "more than one JSON value in the answer");
      }
      return value;
    }
  }

  private static JsonNode value(JsonParser parser, JsonToken token) {
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
          String name = parser.currentName();
          object.set(name, value(parser, parser.nextToken()));
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          array.add(value(parser, t));
        }
        return array;
      }
      case VALUE_STRING -> {
        return NODES.stringNode(parser.getString());
      }
      case VALUE_NUMBER_INT -> {
        return switch (parser.getNumberType()) {
          case INT -> NODES.numberNode(parser.getIntValue());
          case LONG -> NODES.numberNode(parser.getLongValue());
          default -> NODES.numberNode(parser.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return NODES.numberNode(parser.getDecimalValue());
      }
      case VALUE_TRUE -> {
        return NODES.booleanNode(true);
      }
      case VALUE_FALSE -> {
        return NODES.booleanNode(false);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default ->
          throw new tools.jackson.core.exc.StreamReadException(
              parser, "unexpected JSON token " + token);
    }
  }

  /** Compact JSON. */
  static String write(JsonNode node) {
    return write(node, ObjectWriteContext.empty());
  }

  /** Indented JSON, for people. */
  static String pretty(JsonNode node) {
    return write(
        node,
        new ObjectWriteContext.Base() {
          @Override
          public PrettyPrinter getPrettyPrinter() {
            return new DefaultPrettyPrinter();
          }

          @Override
          public boolean hasPrettyPrinter() {
            return true;
          }
        });
  }

  private static String write(JsonNode node, ObjectWriteContext context) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = FACTORY.createGenerator(context, out)) {
      write(node, generator);
    }
    return out.toString();
  }

  private static void write(JsonNode node, JsonGenerator out) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      out.writeNull();
    } else if (node.isObject()) {
      out.writeStartObject();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        out.writeName(e.getKey());
        write(e.getValue(), out);
      }
      out.writeEndObject();
    } else if (node.isArray()) {
      out.writeStartArray();
      for (JsonNode element : node) {
        write(element, out);
      }
      out.writeEndArray();
    } else if (node.isString()) {
      out.writeString(node.asString());
    } else if (node.isBoolean()) {
      out.writeBoolean(node.asBoolean());
    } else if (node.isIntegralNumber()) {
      out.writeNumber(node.bigIntegerValue());
    } else if (node.isNumber()) {
      out.writeNumber(node.decimalValue());
    } else {
      out.writeString(node.asString());
    }
  }
}
