package io.jobline.schedule;

import static io.jobline.schedule.ScheduleTestBuilder.aSchedule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.TenantId;
import io.jobline.store.PostgresJobStore;
import io.jobline.store.TestDatabase;
import io.jobline.tenant.PostgresTenantStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.UUID;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostgresScheduleStoreIT extends ScheduleStoreContract {

    private static DataSource dataSource;
    private static PostgresScheduleStore store;
    private static PostgresJobStore jobs;
    private static PostgresTenantStore tenants;
    private TenantId tenant;
    private TenantId otherTenant;

    @BeforeAll
    static void startDatabase() {
        dataSource = TestDatabase.dataSource();
        store = new PostgresScheduleStore(dataSource);
        jobs = new PostgresJobStore(dataSource);
        tenants = new PostgresTenantStore(dataSource);
    }

    /** fireDue sweeps every tenant: each test starts with no schedules, so another test's cannot be due. */
    @BeforeEach
    void noSchedules() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement delete = connection.createStatement()) {
            delete.executeUpdate("DELETE FROM schedules");
        }
        tenant = tenants.createTenant("schedules-it-" + TenantId.random());
        otherTenant = tenants.createTenant("schedules-it-" + TenantId.random());
    }

    @Override
    protected ScheduleStore store() {
        return store;
    }

    @Override
    protected TenantId tenant() {
        return tenant;
    }

    @Override
    protected TenantId otherTenant() {
        return otherTenant;
    }

    @Override
    protected Optional<Job> findJob(JobId id) {
        return jobs.find(id);
    }

    @Override
    protected List<Instant> occurrencesOf(Schedule schedule) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT fire_at FROM schedule_occurrences WHERE schedule_id = ? ORDER BY fire_at")) {
            select.setObject(1, schedule.id());
            try (ResultSet rows = select.executeQuery()) {
                List<Instant> fireTimes = new ArrayList<>();
                while (rows.next()) {
                    fireTimes.add(rows.getObject(1, OffsetDateTime.class).toInstant());
                }
                return fireTimes;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The occurrence key is the last line of defence: a sweep that sees a recorded occurrence only moves on. */
    @Test
    void anOccurrenceThatIsAlreadyRecordedCreatesNoSecondJob() throws SQLException {
        Schedule schedule = store.create(aSchedule().named("hourly").forTenant(tenant).build());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO schedule_occurrences"
                        + " (schedule_id, fire_at, job_id, created_at) VALUES (?, ?, ?, now())")) {
            insert.setObject(1, schedule.id());
            insert.setObject(2, OffsetDateTime.parse("2026-11-22T11:00:00Z"));
            insert.setObject(3, UUID.randomUUID());
            insert.executeUpdate();
        }

        List<Job> created = store.fireDue(Instant.parse("2026-11-22T11:00:30Z"), 10, ScheduledJobFactory.standard());

        assertTrue(created.isEmpty());
        assertEquals(Instant.parse("2026-11-22T12:00:00Z"),
                store.find(tenant, "hourly").orElseThrow().nextFireAt());
    }
}
