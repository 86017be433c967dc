package io.jobline.bench;

import io.jobline.bench.BenchOptions.UsageException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A benchmark's command line read option by option: {@code --name value}, {@code --name=value} or {@code -x value},
 * and {@code -h}/{@code --help} with no value. Each benchmark's options record switches on the names it knows.
 */
final class CommandLine implements Iterable<CommandLine.Option> {

    private final List<String> args;

    private CommandLine(List<String> args) {
        this.args = List.copyOf(args);
    }

    static CommandLine of(List<String> args) {
        return new CommandLine(args);
    }

    /**
     * The options in order. The value of each is taken when the iterator reaches it, so a missing value throws there,
     * after the options before it have been seen (a {@code --help} before it wins).
     */
    @Override
    public Iterator<Option> iterator() {
        return new Iterator<>() {
            private int next = 0;

            @Override
            public boolean hasNext() {
                return next < args.size();
            }

            @Override
            public Option next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                String arg = args.get(next++);
                String name = arg;
                String inlineValue = null;
                int equals = arg.indexOf('=');
                if (arg.startsWith("--") && equals > 0) {
                    name = arg.substring(0, equals);
                    inlineValue = arg.substring(equals + 1);
                }
                if (name.equals("-h") || name.equals("--help")) {
                    return new Option(name, null);
                }
                if (inlineValue != null) {
                    return new Option(name, inlineValue);
                }
                if (next < args.size()) {
                    return new Option(name, args.get(next++));
                }
                throw new UsageException(name + " needs a value");
            }
        };
    }

    /** {@code value} is null for {@code -h}/{@code --help} only. */
    record Option(String name, String value) {

        boolean isHelp() {
            return value == null;
        }

        /**
         * The value as a whole number from {@code min} to {@code max}; {@code _} may separate digits ({@code 1_000_000}),
         * as row counts are long numbers to type.
         */
        int intIn(int min, int max) {
            try {
                int parsed = Integer.parseInt(value.strip().replace("_", ""));
                if (parsed < min || parsed > max) {
                    throw new UsageException(name + " must be between " + min + " and " + max + ", got " + value);
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new UsageException(name + " must be a whole number, got " + value);
            }
        }

        UsageException unknown() {
            return new UsageException("unknown option " + name);
        }
    }
}
