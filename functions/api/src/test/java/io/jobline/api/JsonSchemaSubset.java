package io.jobline.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The part of JSON Schema 2020-12 the OpenAPI document uses, checked by hand (no validator resolves offline): type,
 * required, properties, additionalProperties, items, enum, minItems/maxItems, minimum/maximum, allOf, anyOf, oneOf and
 * {@code $ref} to {@code #/components/...}. Formats and patterns are documentation here, not checked.
 */
final class JsonSchemaSubset {

    private final JsonNode document;

    JsonSchemaSubset(JsonNode document) {
        this.document = document;
    }

    /** Every way {@code value} breaks {@code schema}, each naming where; empty when it conforms. */
    List<String> problems(JsonNode schema, JsonNode value) {
        List<String> problems = new ArrayList<>();
        check(schema, value, "$", problems);
        return problems;
    }

    JsonNode resolve(JsonNode schema) {
        while (schema.has("$ref")) {
            String ref = schema.get("$ref").textValue();
            if (!ref.startsWith("#/")) {
                throw new IllegalArgumentException("only local references: " + ref);
            }
            JsonNode target = document.at(ref.substring(1));
            if (target.isMissingNode()) {
                throw new IllegalArgumentException("unresolved reference " + ref);
            }
            schema = target;
        }
        return schema;
    }

    private void check(JsonNode schema, JsonNode value, String at, List<String> problems) {
        schema = resolve(schema);
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            problems.add(at + ": expected " + schema.get("type") + ", got " + value.getNodeType());
            return;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                problems.add(at + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (value.isNumber()) {
            if (schema.has("minimum") && value.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
                problems.add(at + ": " + value + " is below " + schema.get("minimum"));
            }
            if (schema.has("maximum") && value.decimalValue().compareTo(schema.get("maximum").decimalValue()) > 0) {
                problems.add(at + ": " + value + " is above " + schema.get("maximum"));
            }
        }
        if (value.isObject()) {
            checkObject(schema, value, at, problems);
        }
        if (value.isArray()) {
            if (schema.has("minItems") && value.size() < schema.get("minItems").intValue()) {
                problems.add(at + ": fewer than " + schema.get("minItems") + " items");
            }
            if (schema.has("maxItems") && value.size() > schema.get("maxItems").intValue()) {
                problems.add(at + ": more than " + schema.get("maxItems") + " items");
            }
            if (schema.has("items")) {
                for (int i = 0; i < value.size(); i++) {
                    check(schema.get("items"), value.get(i), at + "[" + i + "]", problems);
                }
            }
        }
        if (schema.has("allOf")) {
            for (JsonNode part : schema.get("allOf")) {
                check(part, value, at, problems);
            }
        }
        for (String combinator : List.of("anyOf", "oneOf")) {
            if (schema.has(combinator)) {
                int matches = 0;
                List<String> why = new ArrayList<>();
                for (JsonNode option : schema.get(combinator)) {
                    List<String> optionProblems = problems(option, value);
                    if (optionProblems.isEmpty()) {
                        matches++;
                    } else {
                        why.add(optionProblems.getFirst());
                    }
                }
                if (matches == 0 || combinator.equals("oneOf") && matches > 1) {
                    problems.add(at + ": matches " + matches + " of " + combinator + " " + why);
                }
            }
        }
    }

    private void checkObject(JsonNode schema, JsonNode value, String at, List<String> problems) {
        if (schema.has("required")) {
            for (JsonNode name : schema.get("required")) {
                if (!value.has(name.textValue())) {
                    problems.add(at + ": lacks required " + name.textValue());
                }
            }
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.get("additionalProperties");
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String where = at + "." + field.getKey();
            if (properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), where, problems);
            } else if (additional != null && additional.isBoolean() && !additional.booleanValue()) {
                problems.add(where + ": not a documented property");
            } else if (additional != null && additional.isObject()) {
                check(additional, field.getValue(), where, problems);
            }
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (typeMatches(one, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.textValue()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }
}
