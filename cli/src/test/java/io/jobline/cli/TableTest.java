package io.jobline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TableTest {

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void columnsArePaddedToTheirWidestCell() {
        String table = new Table("ID", "STATUS").row("a", "succeeded").row("longer-id", "failed").render();
        assertEquals("""
                ID         STATUS
                ---------  ---------
                a          succeeded
                longer-id  failed
                """, table);
    }

    @Test
    void cellsStayOnOneLineAndLongTextIsCut() {
        String table = new Table("A", "B").row("x\ny", null).render();
        assertEquals("A    B\n---  -\nx y\n", table);
        assertEquals("abcd…", Table.truncate("abcdefgh", 5));
        assertEquals("abc", Table.truncate("abc", 5));
        assertEquals("", Table.truncate(null, 5));
    }

    @Test
    void failedJobsShowIdTypeFinishedAttemptsAndATruncatedError() throws Exception {
        String error = "Email rejected: " + "x".repeat(100);
        String table = Jobline.failedTable(json("""
                {"jobs":[{"id":"019a-1","type":"email.send","status":"failed","attempts":1,"maxAttempts":5,
                          "finishedAt":"2026-11-22T10:00:00Z","error":"%s"}],"nextCursor":"abc"}
                """.formatted(error)));
        String[] lines = table.split("\n");
        assertTrue(lines[0].matches("ID\\s+TYPE\\s+FINISHED\\s+ATTEMPTS\\s+ERROR"), lines[0]);
        assertTrue(lines[2].startsWith("019a-1  email.send  2026-11-22T10:00:00Z  1/5       Email rejected: "), lines[2]);
        assertTrue(lines[2].endsWith("…"), lines[2]);
        assertTrue(lines[2].length() < 120, lines[2]);
        assertTrue(table.contains("more failed jobs"), table);

        assertEquals("No failed jobs.\n", Jobline.failedTable(json("{\"jobs\":[],\"nextCursor\":null}")));
    }

    @Test
    void statsShowStatusesTypesAndQueues() throws Exception {
        String tables = Jobline.statsTables(json("""
                {"jobs":{"byStatus":{"queued":3,"succeeded":10,"failed":1},"byType":{"email.send":14}},
                 "queues":{"jobs":{"visible":3,"inFlight":1,"delayed":0},"jobs-dlq":{"visible":0,"inFlight":0,"delayed":0}}}
                """));
        assertEquals("""
                STATUS     JOBS
                ---------  ----
                queued     3
                succeeded  10
                failed     1
                total      14

                TYPE        JOBS
                ----------  ----
                email.send  14

                QUEUE     VISIBLE  IN FLIGHT  DELAYED
                --------  -------  ---------  -------
                jobs      3        1          0
                jobs-dlq  0        0          0
                """, tables);

        String unavailable = Jobline.statsTables(json("{\"jobs\":{\"byStatus\":{},\"byType\":{}},\"queues\":null}"));
        assertTrue(unavailable.contains("No jobs yet."), unavailable);
        assertTrue(unavailable.contains("Queue depths unavailable."), unavailable);
    }

    @Test
    void theProgressLineShowsStatusAttemptsAndProgress() throws Exception {
        assertEquals("j1  running  attempt 1/5  40%  rendering",
                Jobline.progressLine(json("""
                        {"id":"j1","status":"running","attempts":1,"maxAttempts":5,
                         "progress":{"percent":40,"message":"rendering"}}""")));
        assertEquals("j1  retrying  attempt 2/5  next at 2026-11-22T10:00:04Z  last error: throttled",
                Jobline.progressLine(json("""
                        {"id":"j1","status":"retrying","attempts":2,"maxAttempts":5,
                         "lastError":"throttled","nextAttemptAt":"2026-11-22T10:00:04Z"}""")));
        assertEquals("j1  queued  attempt 0/5",
                Jobline.progressLine(json("{\"id\":\"j1\",\"status\":\"queued\",\"attempts\":0,\"maxAttempts\":5}")));
    }
}
