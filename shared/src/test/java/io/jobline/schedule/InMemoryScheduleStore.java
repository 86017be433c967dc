package io.jobline.schedule;

import io.jobline.Job;
import io.jobline.JobStatus;
import io.jobline.TenantId;
import io.jobline.store.InMemoryJobStore;
import io.jobline.store.StoreUnavailableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * A {@link ScheduleStore} in maps, with PostgreSQL's rules: unique names per tenant, one job per occurrence, only the
 * latest missed occurrence fires. Jobs it fires go into an {@link InMemoryJobStore}. It can be switched "down".
 */
public final class InMemoryScheduleStore implements ScheduleStore {

    private record Occurrence(UUID scheduleId, Instant fireAt) {}

    private final InMemoryJobStore jobs;
    private final Map<UUID, Schedule> schedules = new HashMap<>();
    private final Map<Occurrence, io.jobline.JobId> occurrences = new HashMap<>();
    private final AtomicBoolean down = new AtomicBoolean();

    public InMemoryScheduleStore(InMemoryJobStore jobs) {
        this.jobs = jobs;
    }

    public InMemoryScheduleStore() {
        this(new InMemoryJobStore());
    }

    /** Where fired jobs go. */
    public InMemoryJobStore jobs() {
        return jobs;
    }

    @Override
    public synchronized Schedule create(Schedule schedule) {
        checkUp();
        if (lookup(schedule.tenantId(), schedule.name()).isPresent()) {
            throw new ScheduleExistsException(schedule.name());
        }
        schedules.put(schedule.id(), schedule);
        return schedule;
    }

    @Override
    public synchronized List<Schedule> list(TenantId tenant) {
        checkUp();
        return schedules.values().stream()
                .filter(schedule -> schedule.tenantId().equals(tenant))
                .sorted(Comparator.comparing(Schedule::name))
                .toList();
    }

    @Override
    public synchronized Optional<Schedule> find(TenantId tenant, String name) {
        checkUp();
        return lookup(tenant, name);
    }

    @Override
    public synchronized boolean delete(TenantId tenant, String name) {
        checkUp();
        Optional<Schedule> schedule = lookup(tenant, name);
        schedule.ifPresent(found -> {
            schedules.remove(found.id());
            occurrences.keySet().removeIf(occurrence -> occurrence.scheduleId().equals(found.id()));
        });
        return schedule.isPresent();
    }

    @Override
    public synchronized Optional<Schedule> pause(TenantId tenant, String name, Instant now) {
        return change(tenant, name, schedule -> schedule.pause(now));
    }

    @Override
    public synchronized Optional<Schedule> resume(TenantId tenant, String name, Instant now) {
        return change(tenant, name, schedule -> schedule.resume(now));
    }

    @Override
    public synchronized List<Job> fireDue(Instant now, int limit, ScheduledJobFactory factory) {
        checkUp();
        List<Schedule> due = schedules.values().stream()
                .filter(schedule -> schedule.isDue(now))
                .sorted(Comparator.comparing(Schedule::nextFireAt))
                .limit(limit)
                .toList();
        List<Job> created = new ArrayList<>();
        for (Schedule schedule : due) {
            Instant fireAt = schedule.dueOccurrence(now);
            Job job;
            try {
                job = factory.create(schedule, fireAt, now);
                if (!job.tenantId().equals(schedule.tenantId()) || job.status() != JobStatus.QUEUED) {
                    throw new IllegalStateException("A scheduled job must be a queued job of the schedule's tenant");
                }
            } catch (RuntimeException e) {
                // As in PostgreSQL: this schedule stays due, the others go on.
                continue;
            }
            if (occurrences.putIfAbsent(new Occurrence(schedule.id(), fireAt), job.id()) == null) {
                jobs.insert(job);
                created.add(job);
            }
            Instant keepFrom = fireAt.minus(PostgresScheduleStore.OCCURRENCE_RETENTION);
            occurrences.keySet().removeIf(occurrence -> occurrence.scheduleId().equals(schedule.id())
                    && occurrence.fireAt().isBefore(keepFrom));
            write(schedule.fired(fireAt, now));
        }
        return created;
    }

    /** The fired occurrences of a schedule, oldest first: what PostgreSQL keeps in {@code schedule_occurrences}. */
    public synchronized List<Instant> occurrencesOf(UUID scheduleId) {
        return occurrences.keySet().stream()
                .filter(occurrence -> occurrence.scheduleId().equals(scheduleId))
                .map(Occurrence::fireAt)
                .sorted()
                .toList();
    }

    /** While down, every call fails as PostgreSQL being unreachable does. */
    public void setDown(boolean isDown) {
        down.set(isDown);
    }

    private Optional<Schedule> change(TenantId tenant, String name, UnaryOperator<Schedule> verb) {
        checkUp();
        return lookup(tenant, name).map(current -> {
            Schedule changed = verb.apply(current);
            return changed.equals(current) ? current : write(changed);
        });
    }

    private Schedule write(Schedule changed) {
        Schedule written = changed.withVersion(changed.version() + 1);
        schedules.put(written.id(), written);
        return written;
    }

    private Optional<Schedule> lookup(TenantId tenant, String name) {
        return schedules.values().stream()
                .filter(schedule -> schedule.tenantId().equals(tenant) && schedule.name().equals(name))
                .findFirst();
    }

    private void checkUp() {
        if (down.get()) {
            throw new StoreUnavailableException("In-memory schedule store is down", null);
        }
    }
}
