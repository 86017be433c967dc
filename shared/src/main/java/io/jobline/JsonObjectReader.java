package io.jobline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads fields of one untrusted JSON object and collects every problem, so a client learns about all invalid fields
 * in one answer instead of one per request. Call {@link #throwIfInvalid()} once all fields are read.
 */
public final class JsonObjectReader {

    private final JsonNode object;
    private final String path;
    private final List<ValidationException.FieldError> errors;

    private JsonObjectReader(JsonNode object, String path, List<ValidationException.FieldError> errors) {
        this.object = object;
        this.path = path;
        this.errors = errors;
    }

    /** A reader for {@code node}, which must be a JSON object; {@code path} prefixes field names in errors. */
    public static JsonObjectReader of(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw ValidationException.invalidFields(List.of(new ValidationException.FieldError(
                    path.isEmpty() ? "(body)" : path, "must be a JSON object")));
        }
        return new JsonObjectReader(node, path, new ArrayList<>());
    }

    public Optional<String> optionalString(String name, int maxLength) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            error(name, "must be a string");
            return Optional.empty();
        }
        String text = value.textValue();
        if (text.length() > maxLength) {
            error(name, "must be at most " + maxLength + " characters, got " + text.length());
            return Optional.empty();
        }
        return Optional.of(text);
    }

    public String requiredString(String name, int minLength, int maxLength) {
        Optional<String> text = optionalString(name, maxLength);
        if (text.isEmpty()) {
            if (!object.hasNonNull(name)) {
                error(name, "is required");
            }
            return null;
        }
        if (text.get().length() < minLength) {
            error(name, "must be at least " + minLength + " character" + (minLength == 1 ? "" : "s"));
            return null;
        }
        return text.get();
    }

    public int optionalInt(String name, int min, int max, int defaultValue) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            error(name, "must be an integer from " + min + " to " + max);
            return defaultValue;
        }
        int number = value.intValue();
        if (number < min || number > max) {
            error(name, "must be from " + min + " to " + max + ", got " + number);
            return defaultValue;
        }
        return number;
    }

    /** A JSON array of strings; absent means empty. */
    public List<String> stringList(String name, int minItems, int maxItems, int maxItemLength) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            if (minItems > 0) {
                error(name, "is required (at least " + minItems + ")");
            }
            return List.of();
        }
        if (!value.isArray()) {
            error(name, "must be an array of strings");
            return List.of();
        }
        if (value.size() < minItems || value.size() > maxItems) {
            error(name, "must have " + minItems + " to " + maxItems + " items, got " + value.size());
            return List.of();
        }
        List<String> items = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual()) {
                error(name + "[" + i + "]", "must be a string");
            } else if (item.textValue().length() > maxItemLength) {
                error(name + "[" + i + "]", "must be at most " + maxItemLength + " characters");
            } else {
                items.add(item.textValue());
            }
        }
        return items;
    }

    public JsonNode requiredObject(String name) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            error(name, "is required");
            return null;
        }
        if (!value.isObject()) {
            error(name, "must be a JSON object");
            return null;
        }
        return value;
    }

    public boolean has(String name) {
        JsonNode value = object.get(name);
        return value != null && !value.isNull();
    }

    /** A reader for a nested object whose problems are reported together with this reader's. */
    public JsonObjectReader nested(JsonNode node, String field) {
        return new JsonObjectReader(node, path.isEmpty() ? field : path + "." + field, errors);
    }

    /** Typos in field names are errors, not silently ignored settings. */
    public void rejectUnknownFields(Set<String> known) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                error(name, "is not a known field; known fields: " + known.stream().sorted().toList());
            }
        }
    }

    public void error(String field, String message) {
        errors.add(new ValidationException.FieldError(path.isEmpty() ? field : path + "." + field, message));
    }

    /** Adds problems found by another reader (e.g. a nested payload's), whose fields already carry their path. */
    public void addErrors(List<ValidationException.FieldError> more) {
        errors.addAll(more);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ValidationException.invalidFields(errors);
        }
    }
}
