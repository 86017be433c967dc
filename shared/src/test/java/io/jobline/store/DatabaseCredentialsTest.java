package io.jobline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DatabaseCredentialsTest {

    @Test
    void readsTheSecretAsRdsWritesIt() {
        var credentials = DatabaseCredentials.fromSecret(
                "{\"engine\":\"postgres\",\"username\":\"jobline_app\",\"password\":\"p@ss\",\"port\":5432}", "x");

        assertEquals("jobline_app", credentials.user());
        assertEquals("p@ss", credentials.password());
        assertFalse(credentials.toString().contains("p@ss"));
    }

    @Test
    void keepsTheConfiguredUserWhenTheSecretHasNone() {
        assertEquals("configured", DatabaseCredentials.fromSecret("{\"password\":\"p\"}", "configured").user());
    }

    @Test
    void refusesASecretWithoutPasswordWithoutEchoingIt() {
        var e = assertThrows(StoreException.class,
                () -> DatabaseCredentials.fromSecret("{\"pass\":\"hunter2\"}", "u"));

        assertFalse(e.getMessage().contains("hunter2"));
    }
}
