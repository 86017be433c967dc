package io.jobline.bench.probe;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.function.Function;

/**
 * What every probe's {@code main} does: construct the handler of the variant asked for (Lambda's init), handle one
 * event, print the timeline, and exit at once, as Lambda freezes the instance (pool and cache threads must not keep
 * the JVM alive).
 *
 * <p>Arguments: the launch time in epoch milliseconds, the variant ({@code tuned} or {@code naive}), and the probe's
 * own argument, from which it builds its event.
 */
final class ColdStart {

    /** Whether the invocation did what it should, and what to print about it. */
    record Outcome(boolean ok, String detail) {}

    private ColdStart() {}

    /**
     * @param function {@code api} or {@code worker}: the figures' label, and {@code jobline-<function>} as the
     *     Lambda context's function name
     * @param handlerFor makes the variant's handler; a lambda, so neither handler class is loaded before it is asked
     *     for, or for the other variant
     */
    static <I, O> void run(String[] args, String function, Function<String, RequestHandler<I, O>> handlerFor,
            Function<String, I> event, Function<O, Outcome> check) {
        long mainAt = System.currentTimeMillis();
        ProbeTimeline timeline = ProbeTimeline.launchedAt(args[0], mainAt);
        String variant = args[1];
        Outcome outcome;
        try {
            RequestHandler<I, O> handler = handlerFor.apply(variant);
            timeline.ready();
            O response = handler.handleRequest(event.apply(args[2]), ProbeContext.of("jobline-" + function));
            timeline.done();
            outcome = check.apply(response);
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            outcome = new Outcome(false, e.toString());
        }
        timeline.print(function, variant, outcome.ok(), outcome.detail());
        System.exit(outcome.ok() ? 0 : 1);
    }

    static IllegalArgumentException unknownVariant(String variant) {
        return new IllegalArgumentException("variant must be tuned or naive, got " + variant);
    }
}
