package io.jobline.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.BackoffPolicy;
import io.jobline.Job;
import io.jobline.JobAttempt;
import io.jobline.JobId;
import io.jobline.JobStatus;
import io.jobline.Json;
import io.jobline.Priority;
import io.jobline.Progress;
import io.jobline.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Jobs in the {@code jobs} table, their attempts in {@code job_attempts}. Each call is one transaction. */
public final class PostgresJobStore implements JobStore {

    public static final String COLUMNS = "id, tenant_id, type, payload, status, attempts, max_attempts, run_at, result,"
            + " error, idempotency_key, version, lease_until, created_at, updated_at, started_at, finished_at,"
            + " priority, cancel_requested, progress, progress_message, backoff, callback_url, request_hash,"
            + " worker_request_id";

    private static final String INSERT = "INSERT INTO jobs (" + COLUMNS + ") VALUES"
            + " (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)";

    private static final String FIND = "SELECT " + COLUMNS + " FROM jobs WHERE id = ?";

    /**
     * The compare-and-set and the attempt history in one statement: {@code closed} ends the attempt whose outcome
     * this is (and any earlier one a lost worker left open), {@code opened} starts the entry of a new attempt.
     *
     * <p>The history numbers the attempts of the job's whole life, 1, 2, 3...: a manual retry gives the job a fresh
     * budget ({@code attempts} back to 0) but its next attempt is the next entry, not a second attempt 1. So the
     * attempt being ended is the latest entry, not the one numbered {@code attempts}.
     */
    private static final String UPDATE = """
            WITH updated AS (
                UPDATE jobs SET status = ?, attempts = ?, run_at = ?, result = ?::jsonb, error = ?, lease_until = ?,
                    updated_at = ?, started_at = ?, finished_at = ?, cancel_requested = ?, progress = ?,
                    progress_message = ?, worker_request_id = ?, version = version + 1
                WHERE id = ? AND version = ?
                RETURNING id),
            latest AS (
                SELECT u.id, coalesce(max(a.attempt), 0) AS attempt
                FROM updated u LEFT JOIN job_attempts a ON a.job_id = u.id
                GROUP BY u.id),
            closed AS (
                UPDATE job_attempts a
                SET finished_at = ?,
                    outcome = CASE WHEN a.attempt = l.attempt AND ? THEN ? ELSE 'lost' END,
                    error = CASE WHEN a.attempt = l.attempt AND ? THEN ?
                                 ELSE 'lost its worker (killed or timed out)' END
                FROM latest l
                WHERE a.job_id = l.id AND a.finished_at IS NULL AND (a.attempt < l.attempt OR ? OR ?)),
            opened AS (
                INSERT INTO job_attempts (job_id, attempt, started_at, worker_request_id)
                SELECT id, attempt + 1, ?, ? FROM latest WHERE ?
                ON CONFLICT (job_id, attempt) DO NOTHING)
            SELECT count(*) FROM updated""";

    private static final String DELETE_UNSTARTED =
            "DELETE FROM jobs WHERE id = ? AND version = ? AND status = 'queued' AND attempts = 0";

    private static final String ATTEMPTS = "SELECT attempt, started_at, finished_at, outcome, error, worker_request_id"
            + " FROM job_attempts WHERE job_id = ? ORDER BY attempt";

    private final DataSource dataSource;

    public PostgresJobStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void insert(Job job) {
        try (Connection connection = dataSource.getConnection()) {
            insert(connection, job);
        } catch (SQLException e) {
            if (SqlErrors.isUniqueViolation(e) && job.idempotencyKey() != null) {
                throw new DuplicateIdempotencyKeyException(job.idempotencyKey());
            }
            throw SqlErrors.translate("inserting job " + job.id(), e);
        }
    }

    @Override
    public void insertAll(List<Job> jobs) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                for (Job job : jobs) {
                    insert(connection, job);
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("inserting " + jobs.size() + " jobs", e);
        }
    }

    @Override
    public Optional<Job> findByIdempotencyKey(TenantId tenant, String idempotencyKey) {
        List<Job> found = select("finding a job by idempotency key",
                "SELECT " + COLUMNS + " FROM jobs WHERE tenant_id = ? AND idempotency_key = ?",
                tenant.value(), idempotencyKey);
        return found.stream().findFirst();
    }

    @Override
    public void releaseIdempotencyKey(JobId id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement release = connection.prepareStatement(
                        "UPDATE jobs SET idempotency_key = NULL WHERE id = ?")) {
            release.setObject(1, id.value());
            release.executeUpdate();
        } catch (SQLException e) {
            throw SqlErrors.translate("releasing the idempotency key of job " + id, e);
        }
    }

    /** Inserts within the caller's transaction: for stores that create jobs together with rows of their own. */
    public static void insert(Connection connection, Job job) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setObject(1, job.id().value());
            insert.setObject(2, job.tenantId().value());
            insert.setString(3, job.type());
            insert.setString(4, toJson(job.payload()));
            insert.setString(5, job.status().wireName());
            insert.setInt(6, job.attempts());
            insert.setInt(7, job.maxAttempts());
            insert.setObject(8, timestamp(job.runAt()));
            insert.setString(9, toJson(job.result()));
            insert.setString(10, job.error());
            insert.setString(11, job.idempotencyKey());
            insert.setLong(12, job.version());
            insert.setObject(13, timestamp(job.leaseUntil()), Types.TIMESTAMP_WITH_TIMEZONE);
            insert.setObject(14, timestamp(job.createdAt()));
            insert.setObject(15, timestamp(job.updatedAt()));
            insert.setObject(16, timestamp(job.startedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
            insert.setObject(17, timestamp(job.finishedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
            insert.setString(18, job.priority().wireName());
            insert.setBoolean(19, job.cancelRequested());
            setProgress(insert, 20, job.progress());
            insert.setString(22, job.backoff() == null ? null : toJson(job.backoff().toJson()));
            insert.setString(23, job.callbackUrl());
            insert.setString(24, job.requestHash());
            insert.setString(25, job.workerRequestId());
            insert.executeUpdate();
        }
    }

    @Override
    public Optional<Job> find(JobId id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement find = connection.prepareStatement(FIND)) {
            find.setObject(1, id.value());
            try (ResultSet row = find.executeQuery()) {
                return row.next() ? Optional.of(read(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("reading job " + id, e);
        }
    }

    @Override
    public Optional<Job> update(Job changed) {
        boolean closesAttempt = closesAttempt(changed);
        boolean opensAttempt = opensAttempt(changed);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(UPDATE)) {
            update.setString(1, changed.status().wireName());
            update.setInt(2, changed.attempts());
            update.setObject(3, timestamp(changed.runAt()));
            update.setString(4, toJson(changed.result()));
            update.setString(5, changed.error());
            update.setObject(6, timestamp(changed.leaseUntil()), Types.TIMESTAMP_WITH_TIMEZONE);
            update.setObject(7, timestamp(changed.updatedAt()));
            update.setObject(8, timestamp(changed.startedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
            update.setObject(9, timestamp(changed.finishedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
            update.setBoolean(10, changed.cancelRequested());
            setProgress(update, 11, changed.progress());
            update.setString(13, changed.workerRequestId());
            update.setObject(14, changed.id().value());
            update.setLong(15, changed.version());
            update.setObject(16, timestamp(changed.updatedAt()));
            update.setBoolean(17, closesAttempt);
            update.setString(18, closesAttempt ? changed.status().wireName() : null);
            update.setBoolean(19, closesAttempt);
            update.setString(20, closesAttempt ? attemptError(changed) : null);
            update.setBoolean(21, closesAttempt);
            update.setBoolean(22, opensAttempt);
            update.setObject(23, timestamp(changed.startedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
            update.setString(24, changed.workerRequestId());
            update.setBoolean(25, opensAttempt);
            try (ResultSet count = update.executeQuery()) {
                count.next();
                return count.getInt(1) == 1
                        ? Optional.of(changed.withVersion(changed.version() + 1))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("updating job " + changed.id(), e);
        }
    }

    /** Whether this change ends the job's open attempt: it finished, will be retried, or stopped for a cancel. */
    static boolean closesAttempt(Job changed) {
        return changed.attempts() > 0 && switch (changed.status()) {
            case SUCCEEDED, FAILED, RETRYING, CANCELLED -> true;
            default -> false;
        };
    }

    /** The error an ended attempt records: the job's, except for a cancel, which is no error of the attempt. */
    static String attemptError(Job changed) {
        return changed.status() == JobStatus.CANCELLED ? null : changed.error();
    }

    /** Whether this change starts an attempt: the job became running at this very update. */
    static boolean opensAttempt(Job changed) {
        return changed.status() == JobStatus.RUNNING
                && changed.startedAt() != null
                && changed.startedAt().equals(changed.updatedAt());
    }

    @Override
    public boolean deleteUnstarted(Job job) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(DELETE_UNSTARTED)) {
            delete.setObject(1, job.id().value());
            delete.setLong(2, job.version());
            return delete.executeUpdate() == 1;
        } catch (SQLException e) {
            throw SqlErrors.translate("deleting unstarted job " + job.id(), e);
        }
    }

    @Override
    public List<JobAttempt> attempts(JobId id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(ATTEMPTS)) {
            select.setObject(1, id.value());
            List<JobAttempt> attempts = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    attempts.add(new JobAttempt(row.getInt("attempt"), instant(row, "started_at"),
                            instant(row, "finished_at"), row.getString("outcome"), row.getString("error"),
                            row.getString("worker_request_id")));
                }
            }
            return attempts;
        } catch (SQLException e) {
            throw SqlErrors.translate("reading the attempts of job " + id, e);
        }
    }

    @Override
    public List<Job> findUnchangedSince(JobStatus status, Instant before, int limit) {
        return select("finding " + status.wireName() + " jobs unchanged since " + before,
                "SELECT " + COLUMNS + " FROM jobs WHERE status = ? AND updated_at < ? ORDER BY updated_at LIMIT ?",
                status.wireName(), timestamp(before), limit);
    }

    @Override
    public List<Job> findOrphans(Instant now, int limit) {
        return select("finding orphaned jobs",
                "SELECT " + COLUMNS + " FROM jobs WHERE status = 'running' AND lease_until < ?"
                        + " ORDER BY lease_until LIMIT ?",
                timestamp(now), limit);
    }

    @Override
    public List<Job> findScheduledDueBy(Instant dueBy, int limit) {
        return select("finding due scheduled jobs",
                "SELECT " + COLUMNS + " FROM jobs WHERE status = 'scheduled' AND run_at <= ? ORDER BY run_at LIMIT ?",
                timestamp(dueBy), limit);
    }

    @Override
    public List<Job> findFailed(FailedJobFilter filter, int limit) {
        // The listing's conditions, so a retry of the failed jobs a filter lists re-queues exactly those.
        PostgresJobQueries.Sql listed = PostgresJobQueries.where(filter.listed());
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM jobs WHERE ").append(listed.text())
                .append(" AND status = 'failed'");
        List<Object> parameters = new ArrayList<>(listed.params());
        filter.failedSince().ifPresent(since -> {
            sql.append(" AND finished_at >= ?");
            parameters.add(timestamp(since));
        });
        sql.append(" ORDER BY finished_at LIMIT ?");
        parameters.add(limit);
        return select("finding failed jobs", sql.toString(), parameters.toArray());
    }

    @Override
    public int deleteFinishedBefore(JobStatus status, Instant before, int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE status = ? AND finished_at < ?"
                                + " LIMIT ? FOR UPDATE SKIP LOCKED)")) {
            delete.setString(1, status.wireName());
            delete.setObject(2, timestamp(before));
            delete.setInt(3, limit);
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw SqlErrors.translate("deleting old " + status.wireName() + " jobs", e);
        }
    }

    private List<Job> select(String doing, String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            List<Job> jobs = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    jobs.add(read(row));
                }
            }
            return jobs;
        } catch (SQLException e) {
            throw SqlErrors.translate(doing, e);
        }
    }

    /** A job from a row selected with all of {@link #COLUMNS}. */
    public static Job read(ResultSet row) throws SQLException {
        short progress = row.getShort("progress");
        boolean hasProgress = !row.wasNull();
        return new Job(
                new JobId(row.getObject("id", UUID.class)),
                new TenantId(row.getObject("tenant_id", UUID.class)),
                row.getString("type"),
                fromJson(row.getString("payload")),
                JobStatus.fromWireName(row.getString("status")),
                row.getInt("attempts"),
                row.getInt("max_attempts"),
                instant(row, "run_at"),
                fromJson(row.getString("result")),
                row.getString("error"),
                row.getString("idempotency_key"),
                row.getLong("version"),
                instant(row, "lease_until"),
                instant(row, "created_at"),
                instant(row, "updated_at"),
                instant(row, "started_at"),
                instant(row, "finished_at"),
                Priority.fromWireName(row.getString("priority")),
                row.getBoolean("cancel_requested"),
                hasProgress ? new Progress(progress, row.getString("progress_message")) : null,
                backoff(fromJson(row.getString("backoff"))),
                row.getString("callback_url"),
                row.getString("request_hash"),
                row.getString("worker_request_id"));
    }

    private static void setProgress(PreparedStatement statement, int index, Progress progress) throws SQLException {
        if (progress == null) {
            statement.setNull(index, Types.SMALLINT);
            statement.setNull(index + 1, Types.VARCHAR);
        } else {
            statement.setShort(index, (short) progress.percent());
            statement.setString(index + 1, progress.message());
        }
    }

    private static BackoffPolicy backoff(JsonNode stored) {
        return stored == null ? null : BackoffPolicy.fromJson(stored);
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static String toJson(JsonNode node) {
        if (node == null) {
            return null;
        }
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JsonNode always serializes", e);
        }
    }

    private static JsonNode fromJson(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new StoreException("Stored JSON is unreadable", e);
        }
    }
}
