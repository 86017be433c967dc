package io.jobline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobIdTest {

    @Test
    void newIdsAreVersion7AndSortByCreationTime() {
        JobId earlier = new JobId(JobId.uuidV7(1_000_000L));
        JobId later = new JobId(JobId.uuidV7(2_000_000L));

        assertEquals(7, earlier.value().version());
        assertEquals(2, earlier.value().variant());
        assertTrue(earlier.value().toString().compareTo(later.value().toString()) < 0);
    }

    @Test
    void parsesItsOwnText() {
        JobId id = JobId.random();

        assertEquals(id, JobId.parse(id.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "123e4567-e89b-12d3-a456-42661417400", "1-1-1-1-1", "' OR 1=1 --",
            "123e4567-e89b-12d3-a456-4266141740000"})
    void refusesAnythingElse(String text) {
        assertThrows(InvalidJobIdException.class, () -> JobId.parse(text));
    }
}
