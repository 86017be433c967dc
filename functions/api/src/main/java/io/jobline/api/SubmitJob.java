package io.jobline.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.JobStatus;
import io.jobline.JobTypes;
import io.jobline.Priority;
import io.jobline.TenantId;
import io.jobline.ValidationException;
import io.jobline.metrics.JobMetrics;
import io.jobline.queue.JobQueue;
import io.jobline.queue.QueueUnavailableException;
import io.jobline.store.DuplicateIdempotencyKeyException;
import io.jobline.store.JobStore;
import io.jobline.tenant.QuotaExceededException;
import io.jobline.webhook.AddressPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts jobs: validates each for its type, stores it, then queues its id (or leaves a job due in more than 15
 * minutes {@code scheduled} for the sweep).
 *
 * <p>The row is written first, so there is never a message without a row. If the queue refuses the message of a single
 * submit, the row is removed again and the client gets a 503 to retry; if even that removal fails, the row stays
 * {@code queued} and the sweep re-queues it, so the job is still never lost.
 */
final class SubmitJob {

    /** How long an idempotency key stands for its first job. */
    static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);
    static final int MAX_BATCH = 100;

    /** A submitted (or, for a replayed idempotency key, the earlier) job. */
    record Submitted(Job job, boolean replayed) {}

    private static final Logger log = LoggerFactory.getLogger(SubmitJob.class);

    private final JobTypes jobTypes;
    private final JobStore store;
    private final JobQueue queue;
    private final Clock clock;
    private final AddressPolicy webhookPolicy;
    private final SubmissionQuotas quotas;
    private final JobMetrics metrics;

    SubmitJob(JobTypes jobTypes, JobStore store, JobQueue queue, Clock clock, AddressPolicy webhookPolicy,
            SubmissionQuotas quotas, JobMetrics metrics) {
        this.metrics = metrics;
        this.quotas = quotas;
        this.webhookPolicy = webhookPolicy;
        this.jobTypes = jobTypes;
        this.store = store;
        this.queue = queue;
        this.clock = clock;
    }

    Submitted submit(TenantId tenant, JsonNode body, Optional<String> idempotencyHeader) {
        Instant now = clock.instant();
        SubmitJobRequest.Submission submission =
                SubmitJobRequest.parseSubmission(body, jobTypes, webhookPolicy, idempotencyHeader, now);
        String requestHash = CanonicalJson.sha256(body, Set.of("idempotencyKey"));
        try {
            quotas.check(tenant, List.of(SubmissionQuotas.Candidate.of(submission.spec())));
        } catch (QuotaExceededException overQuota) {
            // A client retrying a request that was accepted gets its job back: the quota counts that very job, or
            // changed since, and must not make an accepted job look refused.
            Optional<Job> accepted = submission.idempotencyKey()
                    .flatMap(key -> store.findByIdempotencyKey(tenant, key))
                    .filter(earlier -> !earlier.createdAt().isBefore(now.minus(IDEMPOTENCY_WINDOW))
                            && requestHash.equals(earlier.requestHash()));
            if (accepted.isEmpty()) {
                throw overQuota;
            }
            return new Submitted(accepted.get(), true);
        }
        Job job = Job.submit(JobId.random(), tenant, submission.spec(), submission.idempotencyKey().orElse(null),
                requestHash, submission.runAt(), now);
        Optional<Job> earlier = insertOrFindEarlier(job, now);
        if (earlier.isPresent()) {
            return new Submitted(earlier.get(), true);
        }
        if (job.status() == JobStatus.QUEUED) {
            try {
                queue.enqueue(job.id(), job.priority(), delayUntil(job.runAt(), now));
            } catch (QueueUnavailableException e) {
                withdraw(job);
                throw e;
            }
        }
        metrics.jobSubmitted(job.type());
        return new Submitted(job, false);
    }

    /**
     * Validates every job first (all or nothing: a 400 names each failing index), inserts them in one transaction and
     * queues them in batches. A queue outage after the commit does not fail the request: the jobs are stored, and the
     * sweep queues whatever could not be sent.
     */
    List<Job> submitBatch(TenantId tenant, JsonNode body) {
        Instant now = clock.instant();
        JsonNode jobsNode = body.get("jobs");
        if (!body.isObject() || jobsNode == null || !jobsNode.isArray() || jobsNode.isEmpty()
                || jobsNode.size() > MAX_BATCH) {
            throw ValidationException.invalidFields(List.of(new ValidationException.FieldError(
                    "jobs", "must be an array of 1 to " + MAX_BATCH + " jobs")));
        }
        List<ValidationException.FieldError> errors = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!name.equals("jobs")) {
                errors.add(new ValidationException.FieldError(name, "is not a known field; known fields: [jobs]"));
            }
        });
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < jobsNode.size(); i++) {
            try {
                JsonNode element = jobsNode.get(i);
                if (element.has("idempotencyKey")) {
                    throw ValidationException.invalidFields(List.of(new ValidationException.FieldError(
                            "idempotencyKey", "is not supported in a batch: submit jobs one by one to use idempotency keys")));
                }
                SubmitJobRequest.Submission submission =
                        SubmitJobRequest.parseSubmission(element, jobTypes, webhookPolicy, Optional.empty(), now);
                jobs.add(Job.submit(JobId.random(), tenant, submission.spec(), null, null, submission.runAt(), now));
            } catch (ValidationException e) {
                String prefix = "jobs[" + i + "]";
                e.details().forEach(detail -> errors.add(new ValidationException.FieldError(
                        prefix + (detail.field().startsWith("(") ? "" : "." + detail.field()), detail.message())));
            }
        }
        if (!errors.isEmpty()) {
            throw ValidationException.invalidFields(errors);
        }
        quotas.check(tenant, jobs.stream().map(SubmissionQuotas.Candidate::of).toList());
        store.insertAll(jobs);
        jobs.forEach(job -> metrics.jobSubmitted(job.type()));
        enqueueAll(jobs, now);
        return jobs;
    }

    private void enqueueAll(List<Job> jobs, Instant now) {
        Map<Priority, List<JobId>> dueNow = jobs.stream()
                .filter(job -> job.status() == JobStatus.QUEUED && !job.runAt().isAfter(now))
                .collect(Collectors.groupingBy(Job::priority, Collectors.mapping(Job::id, Collectors.toList())));
        dueNow.forEach((priority, ids) -> {
            List<JobId> notQueued = queue.enqueueAll(ids, priority);
            if (!notQueued.isEmpty()) {
                log.warn("{} of {} batch jobs could not be queued; the sweep queues them", notQueued.size(),
                        ids.size());
            }
        });
        for (Job job : jobs) {
            if (job.status() == JobStatus.QUEUED && job.runAt().isAfter(now)) {
                try {
                    queue.enqueue(job.id(), job.priority(), delayUntil(job.runAt(), now));
                } catch (QueueUnavailableException e) {
                    log.warn("Batch job {} could not be queued; the sweep queues it: {}", job.id(), e.getMessage());
                }
            }
        }
    }

    /** Empty when {@code job} was stored; the earlier job when its idempotency key replays an earlier request. */
    private Optional<Job> insertOrFindEarlier(Job job, Instant now) {
        for (int tries = 0; tries < 3; tries++) {
            try {
                store.insert(job);
                return Optional.empty();
            } catch (DuplicateIdempotencyKeyException e) {
                Optional<Job> earlier = store.findByIdempotencyKey(job.tenantId(), job.idempotencyKey());
                if (earlier.isEmpty()) {
                    continue; // withdrawn in between: try again
                }
                if (earlier.get().createdAt().isBefore(now.minus(IDEMPOTENCY_WINDOW))) {
                    store.releaseIdempotencyKey(earlier.get().id());
                    continue;
                }
                if (!job.requestHash().equals(earlier.get().requestHash())) {
                    throw new ConflictException("idempotency_conflict", "Idempotency key '" + job.idempotencyKey()
                            + "' was used for a different request within the last 24 hours");
                }
                return earlier;
            }
        }
        throw new ConflictException("idempotency_conflict",
                "Idempotency key '" + job.idempotencyKey() + "' is being used by a concurrent request");
    }

    private static Duration delayUntil(Instant runAt, Instant now) {
        Duration delay = runAt.isAfter(now) ? Duration.between(now, runAt) : Duration.ZERO;
        return delay.compareTo(JobQueue.MAX_DELAY) > 0 ? JobQueue.MAX_DELAY : delay;
    }

    private void withdraw(Job job) {
        try {
            if (store.deleteUnstarted(job)) {
                return;
            }
            log.warn("Job {} could not be queued and was already picked up; leaving it as it is", job.id());
        } catch (RuntimeException e) {
            log.error("Job {} could not be queued nor withdrawn; it stays queued for the sweep to re-queue: {}",
                    job.id(), e.toString());
        }
    }
}
