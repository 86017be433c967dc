package io.jobline.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobline.TenantId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link CallbackSecrets} does; run against the in-memory fake and PostgreSQL. */
public abstract class CallbackSecretsContract {

    protected abstract CallbackSecrets secrets();

    /** A tenant that exists and has no secret yet. */
    protected abstract TenantId newTenant();

    @Test
    void createsASecretOnFirstUseAndKeepsIt() {
        TenantId tenant = newTenant();

        String secret = secrets().secretFor(tenant).orElseThrow();

        assertTrue(secret.matches("jlcb_[A-Za-z0-9_-]{43}"), secret);
        assertEquals(Optional.of(secret), secrets().secretFor(tenant));
    }

    @Test
    void givesEveryTenantItsOwnSecret() {
        assertNotEquals(secrets().secretFor(newTenant()), secrets().secretFor(newTenant()));
    }

    @Test
    void hasNoSecretForATenantThatDoesNotExist() {
        assertEquals(Optional.empty(), secrets().secretFor(TenantId.random()));
        assertEquals(Optional.empty(), secrets().rotate(TenantId.random()));
    }

    @Test
    void rotatingReplacesTheSecret() {
        TenantId tenant = newTenant();
        String before = secrets().secretFor(tenant).orElseThrow();

        String after = secrets().rotate(tenant).orElseThrow();

        assertNotEquals(before, after);
        assertEquals(Optional.of(after), secrets().secretFor(tenant));
    }

    @Test
    void workersAskingAtOnceAllGetTheSameSecret() throws Exception {
        TenantId tenant = newTenant();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<String> ask = () -> secrets().secretFor(tenant).orElseThrow();
            List<Future<String>> answers = pool.invokeAll(List.of(ask, ask, ask, ask, ask, ask, ask, ask));
            Set<String> distinct = new HashSet<>();
            for (Future<String> answer : answers) {
                distinct.add(answer.get());
            }
            assertEquals(1, distinct.size(), distinct.toString());
        } finally {
            pool.shutdownNow();
        }
    }
}
