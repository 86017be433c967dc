package io.jobline.store;

import io.jobline.Job;
import io.jobline.JobStatus;
import io.jobline.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
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

    /**
     * Finished jobs per bucket, served by {@code jobs_tenant_finished_idx} (V008) as an index-only scan. The status
     * list is literal, not bound, so the planner can prove the partial index covers it.
     */
    static final String THROUGHPUT = "SELECT (floor(extract(epoch FROM finished_at) / ?) * ?)::bigint AS bucket_start,"
            + " status, count(*) AS jobs FROM jobs"
            + " WHERE tenant_id = ? AND status IN ('succeeded', 'failed') AND finished_at >= ? AND finished_at < ?"
            + " GROUP BY bucket_start, status";

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

    /** Counts at most {@code CAP + 1} rows, so a tenant with millions of jobs costs what one with 10,001 does. */
    @Override
    public JobCount count(JobFilter filter) {
        Sql where = where(filter);
        Sql count = new Sql("SELECT count(*) FROM (SELECT 1 FROM jobs WHERE " + where.text() + " LIMIT ?) AS matching",
                with(where.params(), JobCount.CAP + 1));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = count.prepare(connection);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return JobCount.of(rows.getLong(1));
        } catch (SQLException e) {
            throw SqlErrors.translate("counting jobs of tenant " + filter.tenant(), e);
        }
    }

    @Override
    public Throughput throughput(TenantId tenant, Instant since, Duration bucket, int buckets) {
        Throughput.Tally tally = new Throughput.Tally(since, bucket, buckets);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(THROUGHPUT)) {
            statement.setLong(1, bucket.toSeconds());
            statement.setLong(2, bucket.toSeconds());
            statement.setObject(3, tenant.value());
            statement.setObject(4, timestamp(since));
            statement.setObject(5, timestamp(tally.until()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    tally.add(Instant.ofEpochSecond(rows.getLong("bucket_start")),
                            JobStatus.fromWireName(rows.getString("status")), rows.getLong("jobs"));
                }
            }
            return tally.throughput();
        } catch (SQLException e) {
            throw SqlErrors.translate("counting finished jobs of tenant " + tenant, e);
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
     * The page's SELECT: fixed text per combination of filters (at most 64, so PostgreSQL and the driver reuse their
     * prepared plans) with every value a bind parameter. The ORDER BY matches the indexes exactly, so a page is read in
     * index order and never sorted; one row more than the limit says whether a next page exists.
     */
    static Sql listing(JobQuery query) {
        Sql where = where(query.filter());
        StringBuilder sql = new StringBuilder("SELECT ").append(PostgresJobStore.COLUMNS)
                .append(" FROM jobs WHERE ").append(where.text());
        List<Object> params = new ArrayList<>(where.params());
        query.cursor().ifPresent(cursor -> {
            sql.append(" AND (created_at, id) < (?, ?)");
            params.add(timestamp(cursor.createdAt()));
            params.add(cursor.id().value());
        });
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        params.add(query.limit() + 1);
        return new Sql(sql.toString(), params);
    }

    /**
     * The WHERE conditions of a filter, shared by the listing and the count so both always mean the same jobs. The
     * error text is matched by {@code ILIKE} (which the trigram index of {@code V010__job_error_text_index.sql} serves),
     * with {@code %}, {@code _} and the escape character in it escaped, so they are plain characters.
     */
    static Sql where(JobFilter filter) {
        StringBuilder sql = new StringBuilder("tenant_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(filter.tenant().value());
        filter.status().ifPresent(status -> {
            sql.append(" AND status = ?");
            params.add(status.wireName());
        });
        filter.type().ifPresent(type -> {
            sql.append(" AND type = ?");
            params.add(type);
        });
        filter.createdAfter().ifPresent(after -> {
            sql.append(" AND created_at >= ?");
            params.add(timestamp(after));
        });
        filter.createdBefore().ifPresent(before -> {
            sql.append(" AND created_at < ?");
            params.add(timestamp(before));
        });
        filter.errorContains().ifPresent(text -> {
            sql.append(" AND error ILIKE ? ESCAPE '\\'");
            params.add("%" + likeLiteral(text) + "%");
        });
        return new Sql(sql.toString(), params);
    }

    private static List<Object> with(List<Object> params, Object last) {
        List<Object> all = new ArrayList<>(params);
        all.add(last);
        return all;
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

    /** {@code text} as a LIKE pattern that matches only itself: the escape character, % and _ escaped. */
    static String likeLiteral(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
