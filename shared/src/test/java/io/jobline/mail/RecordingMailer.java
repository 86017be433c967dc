package io.jobline.mail;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Keeps every email "sent"; failures to throw can be lined up first. */
public final class RecordingMailer implements Mailer {

    /** An email as sent, with the sender it went out with. */
    public record Sent(Email email, String from, String messageId) {}

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final Deque<RuntimeException> failures = new ArrayDeque<>();
    private final AtomicInteger ids = new AtomicInteger();

    @Override
    public synchronized String send(Email email, String defaultFrom) {
        RuntimeException failure = failures.poll();
        if (failure != null) {
            throw failure;
        }
        String messageId = "test-message-" + ids.incrementAndGet();
        sent.add(new Sent(email, email.from().orElse(defaultFrom), messageId));
        return messageId;
    }

    /** The next sends throw these, in order. */
    public synchronized void failNext(RuntimeException... nextFailures) {
        failures.addAll(List.of(nextFailures));
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }
}
