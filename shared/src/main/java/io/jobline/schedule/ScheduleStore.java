package io.jobline.schedule;

import io.jobline.Job;
import io.jobline.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Recurring schedules, addressed by tenant and name. Another tenant's schedule is invisible: reads find nothing and
 * writes change nothing, exactly as for a name that does not exist.
 *
 * @implNote implementations throw {@link io.jobline.store.StoreUnavailableException} when the store cannot be reached.
 */
public interface ScheduleStore {

    /**
     * Stores a new schedule.
     *
     * @throws ScheduleExistsException when its tenant already has a schedule of that name
     */
    Schedule create(Schedule schedule);

    /** The tenant's schedules, ordered by name. */
    List<Schedule> list(TenantId tenant);

    Optional<Schedule> find(TenantId tenant, String name);

    /** Removes the schedule and its occurrence records (not the jobs it created); false if there was none. */
    boolean delete(TenantId tenant, String name);

    /** Stops the schedule firing; pausing a paused schedule changes nothing. Empty if there is no such schedule. */
    Optional<Schedule> pause(TenantId tenant, String name, Instant now);

    /**
     * Lets the schedule fire again from its next occurrence after {@code now}; resuming an active schedule changes
     * nothing. Empty if there is no such schedule.
     */
    Optional<Schedule> resume(TenantId tenant, String name, Instant now);

    /**
     * The sweep's step: fires the occurrences that are due at {@code now}, at most {@code limit} of them, each in its
     * own transaction, and returns the {@code queued} jobs it created (for the caller to enqueue).
     *
     * <p>For each due, unpaused schedule (earliest due first; rows another sweep holds are skipped, not waited for):
     * record the occurrence under the unique key (schedule, fire time), store the job {@code factory} builds, advance
     * the schedule to its next occurrence after the fired one, commit. An occurrence is fired at most once, even when
     * two sweeps run at the same time; if its record already exists, no job is created and the schedule only advances.
     * After downtime only the latest missed occurrence fires (see {@link Schedule#dueOccurrence}).
     *
     * <p>A job whose enqueue fails afterwards stays {@code queued} in the store, where the sweep's re-enqueue of stale
     * queued jobs finds it. If the store becomes unreachable midway this throws
     * {@link io.jobline.store.StoreUnavailableException}; the occurrences committed before are kept, and their jobs
     * are found the same way. Any other failure of one schedule (an unreadable row, a job the store refuses) is logged
     * and that schedule is left due for the next run, so one broken schedule does not stop the others.
     */
    List<Job> fireDue(Instant now, int limit, ScheduledJobFactory factory);
}
