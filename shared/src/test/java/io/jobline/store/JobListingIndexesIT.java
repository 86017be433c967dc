package io.jobline.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobline.JobId;
import io.jobline.JobStatus;
import io.jobline.TenantId;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.jdbc.PreferQueryMode;

/**
 * Every {@code GET /jobs} filter is served by an index: the index condition holds the tenant, every filter and the
 * cursor, and nothing scans the table. Wherever a filter matches more rows than a page, the plan reads that index in
 * listing order and stops after limit + 1 rows (no Sort), both as planned for the given values and as the generic plan
 * a reused prepared statement may switch to. {@code GET /stats} counts from an index alone.
 *
 * <p>Runs on a table of realistic shape (200,000 jobs of 20 tenants of very different sizes, mostly succeeded, a few
 * types) in a database of its own, so the bulk rows never reach other tests (a sweep test counting stale rows, say).
 */
class JobListingIndexesIT {

    private static final String DATABASE = "jobline_listing_plans";
    private static final int ROWS = 200_000;
    private static final int TENANTS = 20;
    private static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
    private static final Duration SPAN = Duration.ofDays(30);

    /** What "a few" matches are when fetching all of them and sorting beats reading the index in order. */
    private static final long FEW_MATCHES = 1_000;
    private static final Pattern SORTED_ROWS = Pattern.compile("Sort {2}\\(cost=[0-9.]+ rows=(\\d+)");
    private static final String BY_CREATED = "jobs_tenant_created_idx";
    private static final String BY_STATUS = "jobs_tenant_status_created_idx";
    private static final String BY_TYPE = "jobs_tenant_type_created_idx";
    private static final String BY_TYPE_STATUS = "jobs_tenant_type_status_created_idx";

    private static DataSource database;
    /** The same database over the simple query protocol, which sends {@code $1} to the server as written. */
    private static DataSource simpleProtocol;
    private static TenantId biggest;
    private static TenantId smallest;

    @BeforeAll
    static void loadARealisticTable() throws SQLException {
        PGSimpleDataSource server = (PGSimpleDataSource) TestDatabase.dataSource();
        try (Connection connection = server.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE);
            statement.execute("CREATE DATABASE " + DATABASE);
        }
        PGSimpleDataSource listing = new PGSimpleDataSource();
        listing.setServerNames(server.getServerNames());
        listing.setPortNumbers(server.getPortNumbers());
        listing.setUser(server.getUser());
        listing.setDatabaseName(DATABASE);
        database = listing;
        PGSimpleDataSource simple = new PGSimpleDataSource();
        simple.setUrl(listing.getUrl());
        simple.setUser(listing.getUser());
        simple.setPreferQueryMode(PreferQueryMode.SIMPLE);
        simpleProtocol = simple;
        Database.migrate(database);

        List<UUID> tenants = new ArrayList<>();
        try (Connection connection = database.getConnection()) {
            for (int i = 0; i < TENANTS; i++) {
                UUID tenant = UUID.randomUUID();
                tenants.add(tenant);
                try (PreparedStatement insert =
                        connection.prepareStatement("INSERT INTO tenants (id, name) VALUES (?, ?)")) {
                    insert.setObject(1, tenant);
                    insert.setString(2, "tenant-" + i);
                    insert.executeUpdate();
                }
            }
            // The same rows every run, so the plans are the same every run.
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT setseed(0.42)");
                // The embedded server commits asynchronously; VACUUM can only mark pages all-visible (what
                // index-only scans need) once the load's commit is on disk.
                statement.execute("SET synchronous_commit = on");
            }
            // Tenant k gets a share falling with k (the first ~22%, the last ~2.5%); statuses and types skewed as a
            // busy deployment's are. Ids are UUIDv7 built from created_at, as JobId makes them.
            try (PreparedStatement load = connection.prepareStatement("""
                    INSERT INTO jobs (id, tenant_id, type, payload, status, attempts, max_attempts, run_at, error,
                                      created_at, updated_at, finished_at)
                    SELECT (lpad(to_hex((extract(epoch FROM t.at) * 1000)::bigint), 12, '0') || '7'
                                || substr(r.h, 1, 3) || '8' || substr(r.h, 4, 15))::uuid,
                           (?::uuid[])[1 + floor(? * r.t * r.t)::int],
                           CASE WHEN r.y < 0.60 THEN 'email.send' WHEN r.y < 0.90 THEN 'webhook.post'
                                WHEN r.y < 0.96 THEN 'report.build' WHEN r.y < 0.99 THEN 'sms.send'
                                ELSE 'invoice.render' END,
                           jsonb_build_object('to', jsonb_build_array('user' || g.i || '@example.com'),
                                              'subject', 'Invoice ' || g.i, 'text', 'Your invoice is ready.'),
                           CASE WHEN r.s < 0.80 THEN 'succeeded' WHEN r.s < 0.86 THEN 'failed'
                                WHEN r.s < 0.91 THEN 'queued' WHEN r.s < 0.94 THEN 'retrying'
                                WHEN r.s < 0.96 THEN 'running' WHEN r.s < 0.98 THEN 'cancelled'
                                ELSE 'scheduled' END,
                           1, 5, t.at,
                           CASE WHEN r.s >= 0.80 AND r.s < 0.86 THEN 'SES rejected the message: ' || r.h
                                WHEN r.s >= 0.91 AND r.s < 0.94 THEN 'Maximum sending rate exceeded' END,
                           t.at, t.at,
                           CASE WHEN r.s < 0.86 OR (r.s >= 0.96 AND r.s < 0.98) THEN t.at + interval '2 seconds' END
                    FROM generate_series(1, ?) AS g(i)
                    CROSS JOIN LATERAL (SELECT random() AS t, random() AS s, random() AS y, md5(g.i::text) AS h) r
                    CROSS JOIN LATERAL (SELECT to_timestamp(? + g.i * ?::double precision) AS at) t
                    """)) {
                Array tenantArray = connection.createArrayOf("uuid", tenants.toArray());
                load.setArray(1, tenantArray);
                load.setInt(2, TENANTS);
                load.setInt(3, ROWS);
                load.setLong(4, START.getEpochSecond());
                load.setDouble(5, (double) SPAN.toSeconds() / ROWS);
                load.executeUpdate();
            }
            // Statistics and visibility map as autovacuum leaves a long-lived table.
            try (Statement statement = connection.createStatement()) {
                statement.execute("VACUUM ANALYZE jobs");
            }
        }
        biggest = new TenantId(tenants.getFirst());
        smallest = new TenantId(tenants.getLast());
    }

    @AfterAll
    static void dropTheDatabase() throws SQLException {
        try (Connection connection = TestDatabase.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
    }

    /**
     * A query, the indexes that may serve it, and whether it matches many more rows than a page holds (then the only
     * good plan reads the index in listing order and stops early).
     */
    record Case(String name, JobQuery query, Set<String> indexes, boolean manyMatches) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> everyFilter() {
        Instant middle = START.plus(SPAN.dividedBy(2));
        Instant nextDay = middle.plus(Duration.ofDays(1));
        JobCursor deep = new JobCursor(START.plus(Duration.ofDays(2)), JobId.random());
        List<Case> cases = new ArrayList<>();
        for (TenantId tenant : new TenantId[] {biggest, smallest}) {
            boolean big = tenant.equals(biggest);
            String who = big ? "biggest tenant, " : "smallest tenant, ";
            JobQuery all = JobQuery.newestFirst(tenant, JobQuery.DEFAULT_LIMIT);
            cases.add(new Case(who + "no filter", all, Set.of(BY_CREATED), big));
            cases.add(new Case(who + "rare status", all.withStatus(JobStatus.FAILED), Set.of(BY_STATUS), big));
            cases.add(new Case(who + "common status", all.withStatus(JobStatus.SUCCEEDED),
                    Set.of(BY_STATUS, BY_CREATED), big));
            cases.add(new Case(who + "type", all.withType("webhook.post"), Set.of(BY_TYPE, BY_TYPE_STATUS), big));
            cases.add(new Case(who + "rare type", all.withType("invoice.render"), Set.of(BY_TYPE, BY_TYPE_STATUS),
                    false));
            cases.add(new Case(who + "status and type", all.withStatus(JobStatus.FAILED).withType("sms.send"),
                    Set.of(BY_TYPE_STATUS), false));
            cases.add(new Case(who + "time window", all.createdAfter(middle).createdBefore(nextDay),
                    Set.of(BY_CREATED), big));
            cases.add(new Case(who + "status in a time window",
                    all.withStatus(JobStatus.FAILED).createdAfter(middle).createdBefore(nextDay), Set.of(BY_STATUS),
                    false));
            cases.add(new Case(who + "deep page", all.after(deep), Set.of(BY_CREATED), big));
            cases.add(new Case(who + "deep page of a status", all.withStatus(JobStatus.FAILED).after(deep),
                    Set.of(BY_STATUS), false));
            cases.add(new Case(who + "deep page of a type", all.withType("webhook.post").after(deep),
                    Set.of(BY_TYPE, BY_TYPE_STATUS), big));
            cases.add(new Case(who + "deep page of status and type",
                    all.withStatus(JobStatus.FAILED).withType("webhook.post").after(deep), Set.of(BY_TYPE_STATUS),
                    false));
            cases.add(new Case(who + "largest page", JobQuery.newestFirst(tenant, JobQuery.MAX_LIMIT)
                    .withStatus(JobStatus.QUEUED), Set.of(BY_STATUS), big));
        }
        return cases.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyFilter")
    void isServedByAnIndex(Case listing) throws SQLException {
        String plan = explain(listing.query());

        assertServedByIndex(listing, plan);
        if (listing.manyMatches()) {
            assertInListingOrder(plan);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyFilter")
    void staysServedByAnIndexAsAGenericPlan(Case listing) throws SQLException {
        String plan = explainGeneric(listing.query());

        assertServedByIndex(listing, plan);
        assertInListingOrder(plan);
    }

    @ParameterizedTest(name = "{0} tenant")
    @ValueSource(strings = {"biggest", "smallest"})
    void statsCountFromAnIndexAlone(String which) throws SQLException {
        String plan;
        try (Connection connection = database.getConnection();
                PreparedStatement explain = connection.prepareStatement("EXPLAIN " + PostgresJobQueries.STATS)) {
            explain.setObject(1, (which.equals("biggest") ? biggest : smallest).value());
            plan = read(explain);
        }

        assertTrue(plan.contains("Index Only Scan using " + BY_TYPE_STATUS), plan);
        assertFalse(plan.contains("Seq Scan"), plan);
    }

    /** {@code GET /stats/throughput} over an hour or a day reads the tenant's range of its own index (V008). */
    @ParameterizedTest(name = "{0} tenant, {1} h")
    @org.junit.jupiter.params.provider.CsvSource({"biggest, 1", "biggest, 24", "smallest, 1", "smallest, 24"})
    void throughputIsServedByItsIndex(String which, int hours) throws SQLException {
        Instant since = START.plus(SPAN.dividedBy(2));
        String plan;
        try (Connection connection = database.getConnection();
                PreparedStatement explain = connection.prepareStatement("EXPLAIN " + PostgresJobQueries.THROUGHPUT)) {
            explain.setLong(1, 60);
            explain.setLong(2, 60);
            explain.setObject(3, (which.equals("biggest") ? biggest : smallest).value());
            explain.setObject(4, since.atOffset(java.time.ZoneOffset.UTC));
            explain.setObject(5, since.plus(Duration.ofHours(hours)).atOffset(java.time.ZoneOffset.UTC));
            plan = read(explain);
        }

        assertTrue(plan.contains("using jobs_tenant_finished_idx"), plan);
        assertFalse(plan.contains("Seq Scan"), plan);
    }

    /**
     * Error text no B-tree serves: a piece of it that few jobs have is found through the trigram index (V010), not by
     * reading every row of the tenant; one that many jobs have is found by reading the listing index in order.
     */
    @ParameterizedTest(name = "{0} tenant")
    @ValueSource(strings = {"biggest", "smallest"})
    void rareErrorTextIsFoundThroughTheTrigramIndex(String which) throws SQLException {
        JobQuery rare = JobQuery.newestFirst(which.equals("biggest") ? biggest : smallest, JobQuery.DEFAULT_LIMIT)
                .withErrorContaining("no job has this text");

        String plan = explain(rare);

        assertTrue(plan.contains("jobs_error_trgm_idx"), plan);
        assertFalse(plan.contains("Seq Scan"), plan);
    }

    /**
     * A filter with many matches gets an index scan in listing order that stops after limit + 1 rows. When the
     * planner expects only a few matches (a small tenant, a rare filter), it may instead fetch them all by bitmap and
     * sort them: about as cheap, since most of them have to be read anyway. Either way the index condition holds
     * every filter, so no row outside the answer is read, and nothing scans the table.
     */
    private static void assertServedByIndex(Case listing, String plan) {
        assertFalse(plan.contains("Seq Scan"), "no sequential scan:\n" + plan);
        assertTrue(plan.startsWith("Limit"), "stops after limit + 1 rows:\n" + plan);
        assertTrue(listing.indexes().stream().anyMatch(
                        index -> plan.contains("using " + index + " ") || plan.contains("on " + index + " ")),
                "uses one of " + listing.indexes() + ":\n" + plan);
        String indexCondition = plan.lines().filter(line -> line.strip().startsWith("Index Cond:")).findFirst()
                .orElseThrow(() -> new AssertionError("no index condition:\n" + plan));
        List<String> filters = new ArrayList<>(List.of("tenant_id ="));
        listing.query().filter().status().ifPresent(status -> filters.add("status ="));
        listing.query().filter().type().ifPresent(type -> filters.add("type ="));
        listing.query().filter().createdAfter().ifPresent(after -> filters.add("created_at >="));
        listing.query().filter().createdBefore().ifPresent(before -> filters.add("created_at <"));
        listing.query().cursor().ifPresent(cursor -> filters.add("ROW(created_at, id) < ROW("));
        for (String filter : filters) {
            assertTrue(indexCondition.contains(filter), "the index serves '" + filter + "':\n" + plan);
        }
        Matcher sort = SORTED_ROWS.matcher(plan);
        if (sort.find()) {
            long sortedRows = Long.parseLong(sort.group(1));
            assertTrue(sortedRows <= FEW_MATCHES, "sorts only a few matches:\n" + plan);
        }
    }

    private static void assertInListingOrder(String plan) {
        assertFalse(plan.contains("Sort"), "read in index order, never sorted:\n" + plan);
        assertTrue(plan.contains("Index Scan using "), "an ordered index scan:\n" + plan);
    }

    /** The plan for these values, as the first executions of a prepared statement get it. */
    private static String explain(JobQuery query) throws SQLException {
        PostgresJobQueries.Sql select = PostgresJobQueries.listing(query);
        try (Connection connection = database.getConnection();
                PreparedStatement explain = new PostgresJobQueries.Sql("EXPLAIN " + select.text(), select.params())
                        .prepare(connection)) {
            return read(explain);
        }
    }

    /** The plan for any values: what PostgreSQL may cache and reuse for a prepared statement. */
    private static String explainGeneric(JobQuery query) throws SQLException {
        String text = PostgresJobQueries.listing(query).text();
        StringBuilder numbered = new StringBuilder();
        int parameter = 0;
        for (char c : text.toCharArray()) {
            if (c == '?') {
                numbered.append('$').append(++parameter);
            } else {
                numbered.append(c);
            }
        }
        try (Connection connection = simpleProtocol.getConnection();
                PreparedStatement explain = connection.prepareStatement("EXPLAIN (GENERIC_PLAN) " + numbered)) {
            return read(explain);
        }
    }

    private static String read(PreparedStatement explain) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rows = explain.executeQuery()) {
            while (rows.next()) {
                plan.append(rows.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
