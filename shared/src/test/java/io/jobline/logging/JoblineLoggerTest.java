package io.jobline.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

class JoblineLoggerTest {

    private final Logger log = LoggerFactory.getLogger("io.jobline.test.Subject");
    private CapturedLogs logs = CapturedLogs.start();

    @AfterEach
    void tearDown() {
        MDC.clear();
        logs.close();
    }

    private JsonNode onlyLine() {
        List<JsonNode> lines = logs.lines();
        assertEquals(1, lines.size(), logs.text());
        return lines.getFirst();
    }

    @Test
    void slf4jUsesJoblinesProviderAndNoOther() {
        assertInstanceOf(JoblineLogger.class, log);
    }

    @Test
    void aLineHasTheFixedFieldsAndTheFormattedMessage() {
        log.info("Job {} took {} ms", "j-1", 42);

        JsonNode line = onlyLine();
        assertTrue(line.get("timestamp").textValue().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), line.toString());
        assertEquals("INFO", line.get("level").textValue());
        assertEquals("io.jobline.test.Subject", line.get("logger").textValue());
        assertEquals("Job j-1 took 42 ms", line.get("message").textValue());
    }

    @Test
    void quotesNewlinesControlCharactersAndUnicodeSurviveOnOneAsciiLine() {
        String nasty = "say \"hi\"\\ \n\r\t\b\f \u0000\u0001\u001f \u00e9\u4e2d \ud83d\ude00 lone \ud800 end";

        log.atWarn().setMessage(nasty).addKeyValue("field", nasty).log();

        String text = logs.text();
        assertEquals(1, text.lines().count(), "one line: " + text);
        assertTrue(text.chars().allMatch(c -> c < 0x7f), "ASCII only: " + text);
        JsonNode line = onlyLine();
        assertEquals(nasty, line.get("message").textValue());
        assertEquals(nasty, line.get("field").textValue());
    }

    @Test
    void aThrowableIsItsClassAndItsStackAsAString() {
        log.error("Request {} failed", "r-1", new IllegalStateException("boom", new RuntimeException("root")));

        JsonNode line = onlyLine();
        assertEquals("Request r-1 failed", line.get("message").textValue());
        assertEquals("java.lang.IllegalStateException", line.get("errorClass").textValue());
        String error = line.get("error").textValue();
        assertTrue(error.startsWith("java.lang.IllegalStateException: boom"), error);
        assertTrue(error.contains("\tat io.jobline.logging.JoblineLoggerTest"), error);
        assertTrue(error.contains("Caused by: java.lang.RuntimeException: root"), error);
    }

    @Test
    void mdcEntriesAndKeyValuesAreTopLevelFieldsWithTheirTypes() {
        MDC.put("requestId", "req-1");
        MDC.put("tenant", "from-mdc");

        log.atInfo().setMessage("job attempt")
                .addKeyValue("tenant", "from-pair")
                .addKeyValue("attempt", 2)
                .addKeyValue("durationMs", 15L)
                .addKeyValue("retried", true)
                .addKeyValue("missing", (Object) null)
                .addKeyValue("message", "not the message")
                .log();

        JsonNode line = onlyLine();
        assertEquals("job attempt", line.get("message").textValue());
        assertEquals("req-1", line.get("requestId").textValue());
        assertEquals("from-pair", line.get("tenant").textValue(), "a pair wins over the MDC");
        assertTrue(line.get("attempt").isInt());
        assertEquals(15, line.get("durationMs").longValue());
        assertTrue(line.get("retried").booleanValue());
        assertTrue(line.get("missing").isNull());
        assertEquals("not the message", line.get("_message").textValue(), "a pair never shadows a fixed field");
    }

    @Test
    void levelsBelowTheThresholdAreNotWrittenAndPrefixesHaveTheirOwn() {
        log.debug("hidden");
        LogSettings.useLevel("io.jobline.test", Level.DEBUG);
        log.debug("shown");
        LoggerFactory.getLogger("io.jobline.testing").debug("other package: hidden");
        LogSettings.useLevel(Level.ERROR);
        LoggerFactory.getLogger("io.jobline.other").warn("hidden at ERROR");
        log.atTrace().setMessage("hidden").log();

        assertEquals(List.of("shown"), logs.lines().stream().map(line -> line.get("message").textValue()).toList());
        assertFalse(LoggerFactory.getLogger("io.jobline.other").isWarnEnabled());
    }

    @Test
    void textFormatIsOneReadableLineWithTheFieldsAfterTheMessage() {
        LogSettings.useFormat(LogFormat.TEXT);
        MDC.put("requestId", "req-1");

        log.atInfo().setMessage("request").addKeyValue("status", 200).log();

        String text = logs.text().strip();
        assertTrue(text.endsWith("INFO io.jobline.test.Subject - request requestId=req-1 status=200"), text);
    }

    @Test
    void concurrentLinesNeverInterleave() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        String payload = "x".repeat(2000);
        for (int t = 0; t < 4; t++) {
            pool.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < 200; i++) {
                    log.atInfo().setMessage("line").addKeyValue("payload", payload).log();
                }
            });
        }
        go.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));

        List<JsonNode> lines = logs.lines();
        assertEquals(800, lines.size());
        assertTrue(lines.stream().allMatch(line -> payload.equals(line.get("payload").textValue())));
    }
}
