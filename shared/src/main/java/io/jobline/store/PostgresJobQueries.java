package io.jobline.store;

import io.jobline.Job;
import io.jobline.JobStatus;
import io.jobline.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Listing and counting over the {@code jobs} table, served by the indexes of {@code V005__job_listing_indexes.sql}.
 *
 * <p>Pages are keyset pages: {@code (created_at, id) < (?, ?)} continues after the previous page's last row, so page
 * 1000 costs what page 1 costs, and rows inserted meanwhile neither shift nor repeat rows across pages.
 */
public final class PostgresJobQueries implements JobQueries {

    static final String STATS =
            "SELECT status, type, count(*) AS jobs FROM jobs WHERE tenant_id = ? GROUP BY status, type";

    private final DataSource dataSource;

    public PostgresJobQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public JobPage list(JobQuery query) {
        Sql select = listing(query);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = select.prepare(connection);
                ResultSet rows = statement.executeQuery()) {
            List<Job> jobs = new ArrayList<>(query.limit() + 1);
            while (rows.next()) {
                jobs.add(PostgresJobStore.read(rows));
            }
            return JobPage.fromRows(jobs, query.limit());
        } catch (SQLException e) {
            throw SqlErrors.translate("listing jobs of tenant " + query.tenant(), e);
        }
    }

    @Override
    public TenantStats stats(TenantId tenant) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(STATS)) {
            statement.setObject(1, tenant.value());
            TenantStats.Tally tally = new TenantStats.Tally();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    tally.add(JobStatus.fromWireName(rows.getString("status")), rows.getString("type"),
                            rows.getLong("jobs"));
                }
            }
            return tally.stats();
        } catch (SQLException e) {
            throw SqlErrors.translate("counting jobs of tenant " + tenant, e);
        }
    }

    /**
     * The page's SELECT: fixed text per combination of filters (at most 32, so PostgreSQL and the driver reuse their
     * prepared plans) with every value a bind parameter. The ORDER BY matches the indexes exactly, so a page is read in
     * index order and never sorted; one row more than the limit says whether a next page exists.
     */
    static Sql listing(JobQuery query) {
        StringBuilder sql = new StringBuilder("SELECT ").append(PostgresJobStore.COLUMNS)
                .append(" FROM jobs WHERE tenant_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(query.tenant().value());
        query.status().ifPresent(status -> {
            sql.append(" AND status = ?");
            params.add(status.wireName());
        });
        query.type().ifPresent(type -> {
            sql.append(" AND type = ?");
            params.add(type);
        });
        query.createdAfter().ifPresent(after -> {
            sql.append(" AND created_at >= ?");
            params.add(timestamp(after));
        });
        query.createdBefore().ifPresent(before -> {
            sql.append(" AND created_at < ?");
            params.add(timestamp(before));
        });
        query.cursor().ifPresent(cursor -> {
            sql.append(" AND (created_at, id) < (?, ?)");
            params.add(timestamp(cursor.createdAt()));
            params.add(cursor.id().value());
        });
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        params.add(query.limit() + 1);
        return new Sql(sql.toString(), params);
    }

    /** A statement and its bind parameters, in order. */
    record Sql(String text, List<Object> params) {

        PreparedStatement prepare(Connection connection) throws SQLException {
            PreparedStatement statement = connection.prepareStatement(text);
            try {
                for (int i = 0; i < params.size(); i++) {
                    statement.setObject(i + 1, params.get(i));
                }
                return statement;
            } catch (SQLException e) {
                statement.close();
                throw e;
            }
        }
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
