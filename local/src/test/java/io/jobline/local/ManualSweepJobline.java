package io.jobline.local;

import io.jobline.TenantId;
import io.jobline.tenant.ApiKey;
import io.jobline.tenant.PostgresTenantStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The local stack for one test class ({@code @RegisterExtension static}): started before its first test, closed after
 * its last, on a clock the tests shift, with the periodic sweep off so that it runs only when a test calls
 * {@link LocalJobline#sweepNow()}.
 */
final class ManualSweepJobline implements BeforeAllCallback, AfterAllCallback {

    private final ShiftableClock clock = new ShiftableClock();
    private LocalJobline jobline;
    private JoblineClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        jobline = LocalJobline.start(LocalSettings.fromEnv(Map.of(LocalSettings.PORT, "0",
                LocalSettings.SWEEP_SECONDS, "86400")).withClock(clock));
        client = new JoblineClient(jobline.url());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        jobline.close();
    }

    LocalJobline jobline() {
        return jobline;
    }

    JoblineClient client() {
        return client;
    }

    ShiftableClock clock() {
        return clock;
    }

    /** The tenant the key belongs to. */
    TenantId tenantOf(ApiKey key) {
        return new PostgresTenantStore(jobline.dataSource()).findTenantByKeyHash(key.hash()).orElseThrow();
    }

    /** Rows in {@code jobs} of the tenant, whatever their status. */
    long jobsOf(TenantId tenant) throws SQLException {
        try (Connection connection = jobline.dataSource().getConnection();
                PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM jobs WHERE tenant_id = ?")) {
            count.setObject(1, tenant.value());
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** Emails the SES stand-in has accepted for {@code address}. */
    int mailTo(String address) {
        return jobline.ses().orElseThrow().mailTo(address).size();
    }

    /**
     * Waits until no message is visible or in flight in either job queue, so that nothing else takes the SES
     * stand-in's throttled answers; false if the timeout passed first.
     */
    boolean awaitIdle(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (QueueDepthsOf.jobMessagesDue(jobline) == 0) {
                return true;
            }
            JoblineClient.pause(Duration.ofMillis(50));
        }
        return false;
    }
}
