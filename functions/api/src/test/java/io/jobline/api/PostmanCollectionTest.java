package io.jobline.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The committed Postman collection and environment match the OpenAPI document. */
class PostmanCollectionTest {

    private static final String REGENERATE = "regenerate it: mvn -o -q -pl functions/api test "
            + "-Dtest=PostmanCollectionTest -Djobline.postman.write=true";

    @Test
    void theCommittedCollectionIsTheOneGeneratedFromTheOpenApiDocument() throws Exception {
        Path committed = postmanDir().resolve("jobline.postman_collection.json");
        if (Boolean.getBoolean("jobline.postman.write")) {
            PostmanCollection.write(committed);
        }
        JsonNode expected = PostmanCollection.from(Json.MAPPER.readTree(ApiDescriptionRoutes.read()));

        assertTrue(Files.exists(committed), committed + " is missing; " + REGENERATE);
        assertEquals(expected, Json.MAPPER.readTree(committed.toFile()),
                committed + " is out of date with openapi.json; " + REGENERATE);
        assertEquals(PostmanCollection.SCHEMA, expected.at("/info/schema").textValue());
    }

    @Test
    void theLocalEnvironmentDefinesTheVariablesTheCollectionNeeds() throws Exception {
        JsonNode environment =
                Json.MAPPER.readTree(postmanDir().resolve("jobline-local.postman_environment.json").toFile());
        Set<String> keys = new HashSet<>();
        environment.get("values").forEach(value -> keys.add(value.get("key").textValue()));

        assertEquals("environment", environment.get("_postman_variable_scope").textValue());
        assertTrue(keys.containsAll(Set.of("baseUrl", "apiKey", "adminKey")), keys.toString());
        environment.get("values").forEach(value -> {
            if (value.get("key").textValue().equals("baseUrl")) {
                assertEquals("http://127.0.0.1:3000", value.get("value").textValue());
            }
        });
    }

    /** docs/postman of the repository; tests run in the module's folder. */
    private static Path postmanDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isDirectory(dir.resolve("docs")) && Files.isDirectory(dir.resolve("functions")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("No repository root above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("docs").resolve("postman");
    }
}
