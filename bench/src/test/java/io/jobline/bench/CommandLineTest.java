package io.jobline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobline.bench.BenchOptions.UsageException;
import io.jobline.bench.CommandLine.Option;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void readsSeparateAndInlineValues() {
        List<Option> options = read(List.of("--url", "http://x", "-n", "5", "--to=a=b@example.com"));

        assertEquals(
                List.of(new Option("--url", "http://x"), new Option("-n", "5"), new Option("--to", "a=b@example.com")),
                options);
    }

    @Test
    void aShortOptionKeepsItsEqualsSign() {
        assertEquals(List.of(new Option("-n=5", "x")), read(List.of("-n=5", "x")));
    }

    @Test
    void helpTakesNoValue() {
        List<Option> options = read(List.of("-h", "--help", "--help=yes"));

        assertTrue(options.stream().allMatch(Option::isHelp));
        assertEquals(List.of("-h", "--help", "--help"), options.stream().map(Option::name).toList());
    }

    @Test
    void aMissingValueNamesTheOptionWhenReached() {
        var seen = new ArrayList<Option>();
        var e = assertThrows(UsageException.class, () -> {
            for (Option option : CommandLine.of(List.of("--runs", "3", "--warmup"))) {
                seen.add(option);
            }
        });

        assertEquals("--warmup needs a value", e.getMessage());
        assertEquals(List.of(new Option("--runs", "3")), seen);
    }

    @Test
    void intInChecksTheRangeAndTheNumber() {
        assertEquals(7, new Option("--runs", " 7 ").intIn(1, 10));
        assertEquals(
                "--runs must be between 1 and 10, got 11",
                assertThrows(UsageException.class, () -> new Option("--runs", "11").intIn(1, 10))
                        .getMessage());
        assertEquals(
                "--runs must be a whole number, got many",
                assertThrows(UsageException.class, () -> new Option("--runs", "many").intIn(1, 10))
                        .getMessage());
    }

    @Test
    void unknownNamesTheOption() {
        assertEquals("unknown option --bogus", new Option("--bogus", "1").unknown().getMessage());
    }

    private static List<Option> read(List<String> args) {
        var options = new ArrayList<Option>();
        CommandLine.of(args).forEach(options::add);
        return options;
    }
}
