package io.jobline.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A parsed command line: the global options ({@code --url}, {@code --api-key}, {@code --json}, anywhere on the line),
 * the command, its positional arguments and its own options. Options take {@code --name value} or {@code --name=value};
 * {@code --} ends the options.
 */
record Args(String url, Optional<String> apiKey, boolean json, String command, List<String> positionals,
            Map<String, String> options, Map<String, Integer> intOptions) {

    static final String DEFAULT_URL = "http://127.0.0.1:3000";
    static final String ENV_URL = "JOBLINE_URL";
    static final String ENV_API_KEY = "JOBLINE_API_KEY";

    /** Per command: its options that take a value, and its flags. */
    private record Spec(int minPositionals, int maxPositionals, Set<String> valued, Set<String> flags) {
    }

    private static final Map<String, Spec> COMMANDS = Map.of(
            "submit", new Spec(1, 1, Set.of(), Set.of()),
            "watch", new Spec(1, 1, Set.of(), Set.of()),
            "failed", new Spec(0, 0, Set.of("type", "limit"), Set.of()),
            "retry", new Spec(0, 1, Set.of("type", "error-contains", "limit"), Set.of("failed")),
            "stats", new Spec(0, 0, Set.of("count"), Set.of("follow")),
            "help", new Spec(0, 1, Set.of(), Set.of()));

    private static final Set<String> GLOBAL_VALUED = Set.of("url", "api-key");
    private static final Set<String> COMMAND_VALUED = COMMANDS.values().stream()
            .flatMap(spec -> spec.valued().stream())
            .collect(Collectors.toUnmodifiableSet());
    /** Command options whose value is a positive whole number, checked when parsing. */
    private static final List<String> POSITIVE_INT_OPTIONS = List.of("limit", "count");

    static Args parse(String[] argv, Map<String, String> env) throws UsageException {
        String url = null;
        String apiKey = null;
        boolean json = false;
        String command = null;
        List<String> positionals = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        List<String> pendingOptions = new ArrayList<>(); // command options seen before the command: checked later
        boolean endOfOptions = false;
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            if (!endOfOptions && arg.equals("--")) {
                endOfOptions = true;
                continue;
            }
            if (!endOfOptions && (arg.equals("-h") || arg.equals("--help"))) {
                return new Args(DEFAULT_URL, Optional.empty(), false, "help", List.of(), Map.of(), Map.of());
            }
            if (endOfOptions || !arg.startsWith("--")) {
                if (command == null) {
                    command = arg;
                    if (!COMMANDS.containsKey(command)) {
                        throw new UsageException("unknown command: " + command);
                    }
                } else {
                    positionals.add(arg);
                }
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (name.isEmpty()) {
                throw new UsageException("empty option: " + arg);
            }
            boolean valued = GLOBAL_VALUED.contains(name) || COMMAND_VALUED.contains(name);
            if (name.equals("json") || !valued) {
                if (value != null) {
                    throw new UsageException("--" + name + " takes no value");
                }
            } else if (value == null) {
                if (i + 1 >= argv.length) {
                    throw new UsageException("--" + name + " needs a value");
                }
                value = argv[++i];
            }
            switch (name) {
                case "url" -> url = value;
                case "api-key" -> apiKey = value;
                case "json" -> json = true;
                default -> {
                    if (options.put(name, valued ? value : "true") != null) {
                        throw new UsageException("--" + name + " given twice");
                    }
                    pendingOptions.add(name);
                }
            }
        }
        if (command == null) {
            throw new UsageException("no command given");
        }
        Spec spec = COMMANDS.get(command);
        for (String name : pendingOptions) {
            if (!spec.valued().contains(name) && !spec.flags().contains(name)) {
                throw new UsageException("unknown option for " + command + ": --" + name);
            }
        }
        if (positionals.size() < spec.minPositionals() || positionals.size() > spec.maxPositionals()) {
            throw new UsageException(command + " takes " + describe(spec) + ", got " + positionals.size()
                    + (positionals.isEmpty() ? "" : ": " + String.join(" ", positionals)));
        }
        if (command.equals("retry")) {
            boolean failed = options.containsKey("failed");
            if (failed == !positionals.isEmpty()) {
                throw new UsageException("retry takes either a job id or --failed");
            }
            if (!failed && (options.containsKey("type") || options.containsKey("error-contains")
                    || options.containsKey("limit"))) {
                throw new UsageException("--type, --error-contains and --limit go with retry --failed");
            }
        }
        if (command.equals("stats") && options.containsKey("count") && !options.containsKey("follow")) {
            throw new UsageException("--count goes with stats --follow");
        }
        Map<String, Integer> intOptions = new HashMap<>();
        for (String name : POSITIVE_INT_OPTIONS) {
            if (options.containsKey(name)) {
                intOptions.put(name, positiveInt(options.get(name), name));
            }
        }

        String resolvedUrl = url != null ? url : nonBlank(env.get(ENV_URL)).orElse(DEFAULT_URL);
        try {
            URI uri = new URI(resolvedUrl);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new UsageException("--url must be an http(s) URL, got: " + resolvedUrl);
            }
        } catch (URISyntaxException e) {
            throw new UsageException("--url must be an http(s) URL, got: " + resolvedUrl);
        }
        Optional<String> resolvedKey = apiKey != null ? nonBlank(apiKey) : nonBlank(env.get(ENV_API_KEY));
        return new Args(resolvedUrl, resolvedKey, json, command, List.copyOf(positionals), Map.copyOf(options),
                Map.copyOf(intOptions));
    }

    private static int positiveInt(String text, String name) throws UsageException {
        try {
            int value = Integer.parseInt(text);
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new UsageException("--" + name + " must be a positive whole number, got: " + text);
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /** A whole-number option's value, as checked by {@link #parse}. */
    OptionalInt intOption(String name) {
        Integer value = intOptions.get(name);
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    private static String describe(Spec spec) {
        if (spec.maxPositionals() == 0) {
            return "no arguments";
        }
        return spec.minPositionals() == spec.maxPositionals() ? "exactly " + spec.minPositionals() + " argument"
                : "at most " + spec.maxPositionals() + " argument";
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
