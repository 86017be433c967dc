package io.jobline.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.JobStatus;
import io.jobline.Json;
import io.jobline.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Jobs in the {@code jobs} table. Each statement runs in its own auto-committed transaction. */
public final class PostgresJobStore implements JobStore {

    public static final String COLUMNS = "id, tenant_id, type, payload, status, attempts, max_attempts, run_at, result,"
            + " error, idempotency_key, version, lease_until, created_at, updated_at, started_at, finished_at";

    private static final String INSERT = "INSERT INTO jobs (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String FIND = "SELECT " + COLUMNS + " FROM jobs WHERE id = ?";

    private static final String UPDATE = "UPDATE jobs SET status = ?, attempts = ?, run_at = ?, result = ?::jsonb,"
            + " error = ?, lease_until = ?, updated_at = ?, started_at = ?, finished_at = ?, version = version + 1"
            + " WHERE id = ? AND version = ?";

    private static final String DELETE_UNSTARTED =
            "DELETE FROM jobs WHERE id = ? AND version = ? AND status = 'queued' AND attempts = 0";

    private final DataSource dataSource;

    public PostgresJobStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void insert(Job job) {
        try (Connection connection = dataSource.getConnection()) {
            insert(connection, job);
        } catch (SQLException e) {
            throw SqlErrors.translate("inserting job " + job.id(), e);
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
            update.setObject(10, changed.id().value());
            update.setLong(11, changed.version());
            return update.executeUpdate() == 1
                    ? Optional.of(changed.withVersion(changed.version() + 1))
                    : Optional.empty();
        } catch (SQLException e) {
            throw SqlErrors.translate("updating job " + changed.id(), e);
        }
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

    /** A job from a row selected with all of {@link #COLUMNS}. */
    public static Job read(ResultSet row) throws SQLException {
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
                instant(row, "finished_at"));
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
