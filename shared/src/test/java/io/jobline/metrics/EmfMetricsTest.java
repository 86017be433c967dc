package io.jobline.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Json;
import io.jobline.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class EmfMetricsTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:15:30.123Z");

    private final List<String> written = new ArrayList<>();
    private final EmfMetrics metrics = new EmfMetrics("Jobline", "worker", written::add, new TestClock(NOW));

    private List<JsonNode> documents() throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        for (String line : written) {
            assertEquals(1, line.lines().count(), line);
            documents.add(Json.MAPPER.readTree(line));
        }
        return documents;
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::textValue).toList();
    }

    /** What the specification requires of every document: each dimension and each metric has its member. */
    private static void assertValidEmf(JsonNode document) {
        JsonNode aws = document.get("_aws");
        assertEquals(NOW.toEpochMilli(), aws.get("Timestamp").longValue());
        assertEquals(1, aws.get("CloudWatchMetrics").size());
        JsonNode directive = aws.get("CloudWatchMetrics").get(0);
        assertEquals("Jobline", directive.get("Namespace").textValue());
        for (JsonNode set : directive.get("Dimensions")) {
            for (JsonNode dimension : set) {
                assertTrue(document.get(dimension.textValue()).isTextual(), "dimension value: " + document);
            }
        }
        assertTrue(directive.get("Metrics").size() > 0);
        for (JsonNode metric : directive.get("Metrics")) {
            JsonNode value = document.get(metric.get("Name").textValue());
            assertTrue(value.isNumber() || value.isArray() && value.size() <= 100, "metric value: " + document);
        }
    }

    @Test
    void oneDocumentPerDimensionSetWithCountsSummedAndTimesKeptSampleBySample() throws Exception {
        metrics.jobSucceeded("email.send", Duration.ofMillis(120));
        metrics.jobSucceeded("email.send", Duration.ofMillis(340));
        metrics.queueAge("email.send", Duration.ofSeconds(2));
        metrics.jobFailed("webhook.post", Duration.ofMillis(50));
        metrics.jobRetried("webhook.post");

        metrics.flush();

        List<JsonNode> documents = documents();
        assertEquals(3, documents.size(), written.toString());
        documents.forEach(EmfMetricsTest::assertValidEmf);

        JsonNode service = documents.get(0);
        JsonNode directive = service.at("/_aws/CloudWatchMetrics/0");
        assertEquals(List.of("Service"), texts(directive.at("/Dimensions/0")));
        assertEquals(1, directive.get("Dimensions").size());
        assertEquals("worker", service.get("Service").textValue());
        assertTrue(service.get("JobType") == null, "no JobType at the service level");
        assertEquals(2, service.get("JobsSucceeded").intValue());
        assertEquals(1, service.get("JobsFailed").intValue());
        assertEquals(1, service.get("JobsRetried").intValue());
        assertEquals("[120,340,50]", service.get("JobDuration").toString());
        assertEquals(2000, service.get("QueueAge").intValue());
        assertEquals("{\"Name\":\"JobDuration\",\"Unit\":\"Milliseconds\"}",
                StreamSupport.stream(directive.get("Metrics").spliterator(), false)
                        .filter(metric -> metric.get("Name").textValue().equals("JobDuration"))
                        .findFirst().orElseThrow().toString());

        JsonNode email = documents.get(1);
        assertEquals(List.of("Service", "JobType"), texts(email.at("/_aws/CloudWatchMetrics/0/Dimensions/0")));
        assertEquals("email.send", email.get("JobType").textValue());
        assertEquals(2, email.get("JobsSucceeded").intValue());
        assertEquals("[120,340]", email.get("JobDuration").toString());
        assertEquals(List.of("JobsSucceeded", "JobDuration", "QueueAge"),
                email.at("/_aws/CloudWatchMetrics/0/Metrics").findValuesAsText("Name"), "only the metrics present");

        JsonNode webhook = documents.get(2);
        assertEquals("webhook.post", webhook.get("JobType").textValue());
        assertEquals(50, webhook.get("JobDuration").intValue(), "one sample is a plain number");
    }

    @Test
    void aFlushWritesOnlyWhatWasRecordedSinceTheLastOne() throws Exception {
        metrics.flush();
        assertTrue(written.isEmpty(), "nothing recorded, nothing written");

        metrics.jobSubmitted("email.send");
        metrics.flush();
        metrics.flush();

        assertEquals(2, written.size());
        assertEquals(1, documents().getFirst().get("JobsSubmitted").intValue());
    }

    @Test
    void moreThanOneHundredSamplesSpreadOverSeveralDocuments() throws Exception {
        for (int i = 0; i < 250; i++) {
            metrics.jobSucceeded("email.send", Duration.ofMillis(i));
        }

        metrics.flush();

        List<JsonNode> documents = documents();
        documents.forEach(EmfMetricsTest::assertValidEmf);
        List<JsonNode> service = documents.stream().filter(document -> document.get("JobType") == null).toList();
        assertEquals(3, service.size());
        assertEquals(List.of(100, 100, 50), service.stream().map(document -> document.get("JobDuration").size()).toList());
        assertEquals(250, service.getFirst().get("JobsSucceeded").intValue(), "the count goes in the first");
        assertTrue(service.get(1).get("JobsSucceeded") == null);
    }

    @Test
    void namesAreEscaped() throws Exception {
        EmfMetrics odd = new EmfMetrics("Jobline \"test\"", "api", written::add, new TestClock(NOW));
        odd.jobSubmitted("type\nwith \"quotes\"");
        odd.flush();

        assertEquals("type\nwith \"quotes\"", documents().get(1).get("JobType").textValue());
    }
}
