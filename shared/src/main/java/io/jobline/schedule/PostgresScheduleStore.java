package io.jobline.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jobline.Job;
import io.jobline.JobSpec;
import io.jobline.JobStatus;
import io.jobline.Json;
import io.jobline.TenantId;
import io.jobline.store.PostgresJobStore;
import io.jobline.store.SqlErrors;
import io.jobline.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Schedules in {@code schedules}, fired occurrences in {@code schedule_occurrences}, their jobs in {@code jobs}. */
public final class PostgresScheduleStore implements ScheduleStore {

    /**
     * How long an occurrence's record is kept. It only has to outlive any chance of the same occurrence being fired
     * again (two sweeps, clocks a little apart), which is minutes; a week leaves room and keeps the table small.
     */
    static final Duration OCCURRENCE_RETENTION = Duration.ofDays(7);

    private static final Logger log = LoggerFactory.getLogger(PostgresScheduleStore.class);

    private static final String COLUMNS =
            "id, tenant_id, name, cron, timezone, job, paused, next_fire_at, created_at, updated_at, version";

    private static final String INSERT = "INSERT INTO schedules (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, name) DO NOTHING";

    private static final String LIST = "SELECT " + COLUMNS + " FROM schedules WHERE tenant_id = ? ORDER BY name";

    private static final String FIND = "SELECT " + COLUMNS + " FROM schedules WHERE tenant_id = ? AND name = ?";

    private static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";

    private static final String DELETE = "DELETE FROM schedules WHERE tenant_id = ? AND name = ?";

    private static final String UPDATE = "UPDATE schedules SET paused = ?, next_fire_at = ?, updated_at = ?,"
            + " version = version + 1 WHERE id = ? AND version = ?";

    /** One due schedule that no other sweep holds; those that failed earlier in this run are left for the next. */
    private static final String SELECT_DUE = "SELECT " + COLUMNS + " FROM schedules"
            + " WHERE NOT paused AND next_fire_at <= ? AND id <> ALL (?)"
            + " ORDER BY next_fire_at LIMIT 1 FOR UPDATE SKIP LOCKED";

    private static final String INSERT_OCCURRENCE = "INSERT INTO schedule_occurrences"
            + " (schedule_id, fire_at, job_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";

    private static final String PRUNE_OCCURRENCES =
            "DELETE FROM schedule_occurrences WHERE schedule_id = ? AND fire_at < ?";

    private final DataSource dataSource;

    public PostgresScheduleStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Schedule create(Schedule schedule) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setObject(1, schedule.id());
            insert.setObject(2, schedule.tenantId().value());
            insert.setString(3, schedule.name());
            insert.setString(4, schedule.cron().expression());
            insert.setString(5, schedule.timezone().getId());
            insert.setString(6, templateJson(schedule.job()));
            insert.setBoolean(7, schedule.paused());
            insert.setObject(8, timestamp(schedule.nextFireAt()));
            insert.setObject(9, timestamp(schedule.createdAt()));
            insert.setObject(10, timestamp(schedule.updatedAt()));
            insert.setLong(11, schedule.version());
            if (insert.executeUpdate() == 0) {
                throw new ScheduleExistsException(schedule.name());
            }
            return schedule;
        } catch (SQLException e) {
            throw SqlErrors.translate("creating schedule " + schedule.name(), e);
        }
    }

    @Override
    public List<Schedule> list(TenantId tenant) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement list = connection.prepareStatement(LIST)) {
            list.setObject(1, tenant.value());
            try (ResultSet rows = list.executeQuery()) {
                List<Schedule> schedules = new ArrayList<>();
                while (rows.next()) {
                    schedules.add(read(rows));
                }
                return schedules;
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("listing schedules", e);
        }
    }

    @Override
    public Optional<Schedule> find(TenantId tenant, String name) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement find = connection.prepareStatement(FIND)) {
            find.setObject(1, tenant.value());
            find.setString(2, name);
            try (ResultSet row = find.executeQuery()) {
                return row.next() ? Optional.of(read(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("reading schedule " + name, e);
        }
    }

    @Override
    public boolean delete(TenantId tenant, String name) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(DELETE)) {
            delete.setObject(1, tenant.value());
            delete.setString(2, name);
            return delete.executeUpdate() == 1;
        } catch (SQLException e) {
            throw SqlErrors.translate("deleting schedule " + name, e);
        }
    }

    @Override
    public Optional<Schedule> pause(TenantId tenant, String name, Instant now) {
        return change(tenant, name, schedule -> schedule.pause(now));
    }

    @Override
    public Optional<Schedule> resume(TenantId tenant, String name, Instant now) {
        return change(tenant, name, schedule -> schedule.resume(now));
    }

    /** Reads the row under a lock (a sweep firing it finishes first), applies {@code verb}, writes the result. */
    private Optional<Schedule> change(TenantId tenant, String name, UnaryOperator<Schedule> verb) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Optional<Schedule> changed = change(connection, tenant, name, verb);
                connection.commit();
                return changed;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("changing schedule " + name, e);
        }
    }

    private static Optional<Schedule> change(Connection connection, TenantId tenant, String name,
            UnaryOperator<Schedule> verb) throws SQLException {
        Schedule current;
        try (PreparedStatement find = connection.prepareStatement(FIND_FOR_UPDATE)) {
            find.setObject(1, tenant.value());
            find.setString(2, name);
            try (ResultSet row = find.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                current = read(row);
            }
        }
        Schedule changed = verb.apply(current);
        if (changed.equals(current)) {
            return Optional.of(current);
        }
        return Optional.of(update(connection, changed));
    }

    @Override
    public List<Job> fireDue(Instant now, int limit, ScheduledJobFactory factory) {
        List<Job> created = new ArrayList<>();
        List<UUID> failed = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                for (int handled = 0; handled < limit; handled++) {
                    if (!fireOne(connection, now, factory, created, failed)) {
                        break;
                    }
                }
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("firing due schedules", e);
        }
        return created;
    }

    /**
     * Fires the earliest due schedule in one transaction.
     *
     * @return false when nothing (more) is due
     */
    private static boolean fireOne(Connection connection, Instant now, ScheduledJobFactory factory, List<Job> created,
            List<UUID> failed) throws SQLException {
        UUID id = null;
        try {
            Schedule schedule;
            try (PreparedStatement select = connection.prepareStatement(SELECT_DUE)) {
                select.setObject(1, timestamp(now));
                select.setArray(2, connection.createArrayOf("uuid", failed.toArray()));
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        connection.rollback();
                        return false;
                    }
                    id = row.getObject("id", UUID.class);
                    schedule = read(row);
                }
            }
            Instant fireAt = schedule.dueOccurrence(now);
            Job job = checked(factory.create(schedule, fireAt, now), schedule);
            boolean firstTime = insertOccurrence(connection, schedule, fireAt, job, now);
            if (firstTime) {
                PostgresJobStore.insert(connection, job);
            } else {
                log.warn("Occurrence {} of schedule {} ({}) was fired before; no second job", fireAt, schedule.name(),
                        schedule.id());
            }
            pruneOccurrences(connection, schedule, fireAt);
            update(connection, schedule.fired(fireAt, now));
            connection.commit();
            if (firstTime) {
                created.add(job);
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            rollback(connection, e);
            boolean outage = e instanceof SQLException sql && SqlErrors.isOutage(sql);
            if (id == null || outage) {
                throw e;
            }
            log.error("Schedule {} could not fire and stays due; the other schedules go on", id, e);
            failed.add(id);
            return true;
        }
    }

    private static Job checked(Job job, Schedule schedule) {
        if (!job.tenantId().equals(schedule.tenantId()) || job.status() != JobStatus.QUEUED) {
            throw new IllegalStateException("A scheduled job must be a queued job of the schedule's tenant, got "
                    + job.status() + " for tenant " + job.tenantId());
        }
        return job;
    }

    /** @return false if this occurrence already has its record: it was fired before */
    private static boolean insertOccurrence(Connection connection, Schedule schedule, Instant fireAt, Job job,
            Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_OCCURRENCE)) {
            insert.setObject(1, schedule.id());
            insert.setObject(2, timestamp(fireAt));
            insert.setObject(3, job.id().value());
            insert.setObject(4, timestamp(now));
            return insert.executeUpdate() == 1;
        }
    }

    private static void pruneOccurrences(Connection connection, Schedule schedule, Instant fireAt)
            throws SQLException {
        try (PreparedStatement prune = connection.prepareStatement(PRUNE_OCCURRENCES)) {
            prune.setObject(1, schedule.id());
            prune.setObject(2, timestamp(fireAt.minus(OCCURRENCE_RETENTION)));
            prune.executeUpdate();
        }
    }

    /** Compare-and-set write of the fields that change after creation. */
    private static Schedule update(Connection connection, Schedule changed) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
            update.setBoolean(1, changed.paused());
            update.setObject(2, timestamp(changed.nextFireAt()));
            update.setObject(3, timestamp(changed.updatedAt()));
            update.setObject(4, changed.id());
            update.setLong(5, changed.version());
            if (update.executeUpdate() != 1) {
                // The row is locked by this transaction, so this is a bug, not a race.
                throw new IllegalStateException("Schedule " + changed.id() + " changed under its row lock");
            }
            return changed.withVersion(changed.version() + 1);
        }
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static Schedule read(ResultSet row) throws SQLException {
        return new Schedule(
                row.getObject("id", UUID.class),
                new TenantId(row.getObject("tenant_id", UUID.class)),
                row.getString("name"),
                CronExpression.parse(row.getString("cron")),
                ZoneId.of(row.getString("timezone")),
                template(row.getString("job")),
                row.getBoolean("paused"),
                instant(row, "next_fire_at"),
                instant(row, "created_at"),
                instant(row, "updated_at"),
                row.getLong("version"));
    }

    private static String templateJson(JobSpec job) {
        return JobTemplate.toJson(job).toString();
    }

    private static JobSpec template(String json) {
        try {
            return JobTemplate.fromJson(Json.MAPPER.readTree(json));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new StoreException("Stored job template is unreadable: " + e.getMessage(), e);
        }
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }
}
