package io.jobline.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Reads variables and collects every problem, so one message names all of them. */
final class EnvReader {

    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    EnvReader(Map<String, String> env) {
        this.env = env;
    }

    /**
     * A parser for {@code type=value,type=value} lists, the form every per-job-type setting takes: blank entries are
     * skipped, a later entry for a type replaces an earlier one.
     *
     * @param valueForm how the value is written, for the message: {@code "rate"} gives "expected type=rate"
     */
    static <T> Function<String, Map<String, T>> perType(String valueForm, Function<String, T> parseValue) {
        return text -> {
            Map<String, T> values = new LinkedHashMap<>();
            for (String entry : text.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                String[] typeAndValue = entry.split("=", 2);
                if (typeAndValue.length != 2 || typeAndValue[0].isBlank()) {
                    throw new IllegalArgumentException(
                            "expected type=" + valueForm + ", got '" + entry.strip() + "'");
                }
                values.put(typeAndValue[0].strip(), parseValue.apply(typeAndValue[1]));
            }
            return values;
        };
    }

    <T> T required(String name, Function<String, T> parse) {
        String text = env.get(name);
        if (text == null || text.isBlank()) {
            problems.add(name + " is required but not set");
            return null;
        }
        return parse(name, text, parse);
    }

    void problem(String message) {
        problems.add(message);
    }

    Optional<String> optionalAllowEmpty(String name) {
        return Optional.ofNullable(env.get(name));
    }


    <T> Optional<T> optional(String name, Function<String, T> parse) {
        String text = env.get(name);
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(parse(name, text, parse));
    }

    private <T> T parse(String name, String text, Function<String, T> parse) {
        try {
            return parse.apply(text.strip());
        } catch (IllegalArgumentException e) {
            problems.add(name + " " + e.getMessage());
            return null;
        }
    }

    void throwIfInvalid() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    static URI httpUri(String text) {
        URI uri = URI.create(text);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("must be an http(s) URL");
        }
        return uri;
    }

    static int intIn(String text, int min, int max) {
        int value;
        try {
            value = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be an integer");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("must be from " + min + " to " + max);
        }
        return value;
    }
}
