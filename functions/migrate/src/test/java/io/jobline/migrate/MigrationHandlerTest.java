package io.jobline.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.jobline.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MigrationHandlerTest {

    /** What CloudFormation's pre-signed URL received. */
    private final List<JsonNode> responses = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private HttpServer cloudFormation;

    @BeforeEach
    void startResponseUrl() throws IOException {
        cloudFormation = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        cloudFormation.createContext("/", exchange -> {
            contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
            responses.add(Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        cloudFormation.start();
    }

    @AfterEach
    void stop() {
        cloudFormation.stop(0);
    }

    private CloudFormationCustomResourceEvent event(String requestType) throws IOException {
        try (InputStream json = getClass().getResourceAsStream("/events/custom-resource-create.json")) {
            CloudFormationCustomResourceEvent event = LambdaEventSerializers
                    .serializerFor(CloudFormationCustomResourceEvent.class, getClass().getClassLoader())
                    .fromJson(json);
            event.setRequestType(requestType);
            event.setResponseUrl("http://127.0.0.1:" + cloudFormation.getAddress().getPort() + "/response?sig=x");
            return event;
        }
    }

    @Test
    void migratesOnCreateAndReportsTheSchemaVersion() throws IOException {
        var handler = new MigrationHandler(() -> "2", new CustomResourceResponder());

        handler.handleRequest(event("Create"), null);

        JsonNode response = responses.getFirst();
        assertEquals("SUCCESS", response.get("Status").textValue());
        assertEquals(MigrationHandler.PHYSICAL_RESOURCE_ID, response.get("PhysicalResourceId").textValue());
        assertEquals("DatabaseSchema", response.get("LogicalResourceId").textValue());
        assertEquals("6f1e6c3a-1b2c-4d5e-8f90-123456789abc", response.get("RequestId").textValue());
        assertEquals("2", response.at("/Data/SchemaVersion").textValue());
        assertTrue(List.of("", "null").contains(contentTypes.getFirst()), "no content type: " + contentTypes);
    }

    @Test
    void aFailedMigrationIsReportedInsteadOfLeavingTheStackWaiting() throws IOException {
        var handler = new MigrationHandler(() -> {
            throw new IllegalStateException("connection refused");
        }, new CustomResourceResponder());

        handler.handleRequest(event("Update"), null);

        assertEquals("FAILED", responses.getFirst().get("Status").textValue());
        assertTrue(responses.getFirst().get("Reason").textValue().contains("connection refused"));
    }

    @Test
    void deletingTheStackLeavesTheSchemaAlone() throws IOException {
        AtomicInteger migrations = new AtomicInteger();
        var handler = new MigrationHandler(() -> {
            migrations.incrementAndGet();
            return "2";
        }, new CustomResourceResponder());

        handler.handleRequest(event("Delete"), null);

        assertEquals(0, migrations.get());
        assertEquals("SUCCESS", responses.getFirst().get("Status").textValue());
    }

    @Test
    void aFailedReplyAfterAGoodMigrationIsNotReportedAsAFailedMigration() throws IOException {
        // Regression: the success reply sat inside the migration's try, so its failure sent FAILED.
        List<String> sent = new CopyOnWriteArrayList<>();
        var unreachable = new CustomResourceResponder() {
            @Override
            void send(CloudFormationCustomResourceEvent event, String body) {
                sent.add(body);
                if (body.contains("SUCCESS")) {
                    throw new IllegalStateException("CloudFormation's response URL answered 503");
                }
            }
        };
        var handler = new MigrationHandler(() -> "2", unreachable);

        assertThrows(IllegalStateException.class, () -> handler.handleRequest(event("Create"), null));

        assertEquals(1, sent.size(), "no FAILED after the SUCCESS: " + sent);
        assertTrue(sent.getFirst().contains("SUCCESS"));
    }
}
