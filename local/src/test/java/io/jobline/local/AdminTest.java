package io.jobline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobline.tenant.ApiKey;
import io.jobline.tenant.InMemoryTenantStore;
import io.jobline.tenant.TenantAdmin;
import io.jobline.tenant.TenantQuotas;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AdminTest {

    private final InMemoryTenantStore tenants = new InMemoryTenantStore();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Admin admin = new Admin(new TenantAdmin(tenants), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    private int run(String... args) {
        out.reset();
        err.reset();
        return admin.run(List.of(args));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void createsATenantIssuesAKeyOnceListsAndRevokesIt() {
        assertEquals(Admin.OK, run("create-tenant", "acme"));
        assertEquals(Admin.OK, run("issue-key", "acme", "--name", "ci"));
        Matcher printed = Pattern.compile("key id: (\\w+)\\s+key:\\s+(jl_\\S+)").matcher(out());
        assertTrue(printed.find(), out());
        String keyId = printed.group(1);
        ApiKey key = new ApiKey(printed.group(2));
        assertTrue(tenants.findTenantByKeyHash(key.hash()).isPresent(), "the printed key works");

        assertEquals(Admin.OK, run("list-keys", "acme"));
        assertTrue(out().contains(keyId) && out().contains("ci"), out());
        assertFalse(out().contains(key.secret()), "a listing never shows the key");

        assertEquals(Admin.OK, run("revoke-key", keyId));
        assertTrue(tenants.findTenantByKeyHash(key.hash()).isEmpty());
        assertEquals(Admin.FAILED, run("revoke-key", keyId), "already revoked");
    }

    @Test
    void setsQuotasAndKeepsTheOnesNotNamed() {
        run("create-tenant", "acme");

        assertEquals(Admin.OK, run("set-quota", "acme", "--requests-per-second", "5", "--max-queued-jobs", "10",
                "--allowed-job-types", "email.send"));

        TenantQuotas quotas = tenants.quotas(tenants.findTenantByName("acme").orElseThrow()).orElseThrow();
        assertEquals(new TenantQuotas(5, 100, 10, 262_144, Optional.of(Set.of("email.send"))), quotas);
        assertEquals(Admin.OK, run("set-quota", "acme", "--allowed-job-types", "all"));
        assertTrue(out().contains("allowed-job-types=all"), out());
        assertEquals(Admin.OK, run("list-tenants"));
        assertTrue(out().contains("acme") && out().contains("requests-per-second=5"), out());
    }

    @Test
    void mistakesAreReportedWithoutAStackTrace() {
        run("create-tenant", "acme");

        assertEquals(Admin.USAGE_ERROR, run("frobnicate"));
        assertEquals(Admin.USAGE_ERROR, run("set-quota", "acme"));
        assertEquals(Admin.USAGE_ERROR, run("set-quota", "acme", "--colour", "red"));
        assertEquals(Admin.FAILED, run("set-quota", "acme", "--burst", "0"));
        assertEquals(Admin.FAILED, run("set-quota", "acme", "--burst", "many"));
        assertEquals(Admin.FAILED, run("create-tenant", "acme"));
        assertEquals(Admin.FAILED, run("issue-key", "nobody"));
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("Exception"));
    }
}
