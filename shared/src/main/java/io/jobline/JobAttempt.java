package io.jobline;

import java.time.Instant;

/** One attempt of a job, as kept in its history: when it ran, how it ended, and which worker ran it. */
public record JobAttempt(
        int attempt, Instant startedAt, Instant finishedAt, String outcome, String error, String workerRequestId) {}
