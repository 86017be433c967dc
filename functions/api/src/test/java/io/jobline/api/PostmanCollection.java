package io.jobline.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobline.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the OpenAPI document into a Postman collection (v2.1): one folder per tag, one request per operation (one per
 * request example where there are several), bearer auth from {@code {{apiKey}}} (the admin routes' from
 * {@code {{adminKey}}}), URLs under {@code {{baseUrl}}}. The
 * output is committed as {@code docs/postman/jobline.postman_collection.json}; {@link PostmanCollectionTest} fails
 * when it is out of date and rewrites it with {@code -Djobline.postman.write=true}.
 */
final class PostmanCollection {

    static final String SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";
    /** What a path parameter is filled with: collection variables the requests share. */
    private static final Map<String, String> PATH_VARIABLES = Map.of("id", "{{jobId}}", "name", "{{scheduleName}}", "file", "index.html");

    private PostmanCollection() {}

    static ObjectNode from(JsonNode openApi) {
        ObjectNode collection = Json.MAPPER.createObjectNode();
        ObjectNode info = collection.putObject("info");
        info.put("name", openApi.at("/info/title").textValue());
        info.put("description", openApi.at("/info/description").textValue()
                + "\n\nGenerated from functions/api/src/main/resources/openapi.json; do not edit by hand.");
        info.put("schema", SCHEMA);
        ObjectNode auth = collection.putObject("auth");
        auth.put("type", "bearer");
        auth.putArray("bearer").addObject().put("key", "token").put("value", "{{apiKey}}").put("type", "string");
        ArrayNode variables = collection.putArray("variable");
        variables.addObject().put("key", "baseUrl").put("value", openApi.at("/servers/0/url").textValue());
        variables.addObject().put("key", "jobId").put("value", "");
        variables.addObject().put("key", "scheduleName").put("value", "daily-report");

        Map<String, ArrayNode> folders = new LinkedHashMap<>();
        openApi.get("tags").forEach(tag -> folders.put(tag.get("name").textValue(), Json.MAPPER.createArrayNode()));
        for (Iterator<Map.Entry<String, JsonNode>> paths = openApi.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String tag = op.getValue().at("/tags/0").textValue();
                items(path.getKey(), op.getKey().toUpperCase(Locale.ROOT), op.getValue())
                        .forEach(folders.computeIfAbsent(tag, name -> Json.MAPPER.createArrayNode())::add);
            }
        }
        ArrayNode item = collection.putArray("item");
        folders.forEach((name, requests) -> {
            ObjectNode folder = item.addObject().put("name", name);
            folder.set("item", requests);
        });
        return collection;
    }

    private static List<ObjectNode> items(String path, String method, JsonNode operation) {
        String summary = operation.get("summary").textValue();
        JsonNode examples = operation.at("/requestBody/content/application~1json/examples");
        List<ObjectNode> items = new ArrayList<>();
        if (examples.isMissingNode() || examples.isEmpty()) {
            items.add(item(summary, path, method, operation, null));
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> each = examples.fields(); each.hasNext(); ) {
                Map.Entry<String, JsonNode> example = each.next();
                String name = examples.size() == 1 ? summary : summary + ": " + example.getValue().get("summary").textValue();
                items.add(item(name, path, method, operation, example.getValue().get("value")));
            }
        }
        return items;
    }

    private static ObjectNode item(String name, String path, String method, JsonNode operation, JsonNode body) {
        ObjectNode item = Json.MAPPER.createObjectNode().put("name", name);
        ObjectNode request = item.putObject("request");
        request.put("method", method);
        if (operation.has("security") && operation.get("security").isEmpty()) {
            request.putObject("auth").put("type", "noauth");
        } else if (operation.at("/security/0").has("adminKey")) {
            ObjectNode auth = request.putObject("auth").put("type", "bearer");
            auth.putArray("bearer").addObject().put("key", "token").put("value", "{{adminKey}}").put("type", "string");
        }
        ArrayNode headers = request.putArray("header");
        if (body != null) {
            headers.addObject().put("key", "Content-Type").put("value", "application/json");
        }
        ObjectNode url = request.putObject("url");
        List<String> segments = new ArrayList<>();
        ArrayNode pathVariables = Json.MAPPER.createArrayNode();
        // -1: a trailing slash (/dashboard/) stays, as an empty last segment, as Postman writes it.
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.startsWith("{")) {
                String variable = segment.substring(1, segment.length() - 1);
                segments.add(":" + variable);
                pathVariables.addObject().put("key", variable).put("value", PATH_VARIABLES.getOrDefault(variable, ""));
            } else {
                segments.add(segment);
            }
        }
        url.put("raw", "{{baseUrl}}/" + String.join("/", segments));
        url.putArray("host").add("{{baseUrl}}");
        ArrayNode pathNode = url.putArray("path");
        segments.forEach(pathNode::add);
        ArrayNode query = Json.MAPPER.createArrayNode();
        for (JsonNode parameter : operation.path("parameters")) {
            if (parameter.get("in").textValue().equals("query")) {
                query.addObject().put("key", parameter.get("name").textValue()).put("value", "").put("disabled", true);
            } else if (parameter.get("in").textValue().equals("header")) {
                headers.addObject().put("key", parameter.get("name").textValue()).put("value", "")
                        .put("disabled", true);
            }
        }
        if (!query.isEmpty()) {
            url.set("query", query);
        }
        if (!pathVariables.isEmpty()) {
            url.set("variable", pathVariables);
        }
        if (body != null) {
            ObjectNode bodyNode = request.putObject("body");
            bodyNode.put("mode", "raw");
            bodyNode.put("raw", pretty(body));
            bodyNode.putObject("options").putObject("raw").put("language", "json");
        }
        if (operation.has("description")) {
            request.put("description", operation.get("description").textValue());
        }
        if ("submitJob".equals(operation.path("operationId").textValue())) {
            // Later requests ({{jobId}}) then work on the job just submitted.
            ObjectNode event = item.putArray("event").addObject().put("listen", "test");
            ObjectNode script = event.putObject("script").put("type", "text/javascript");
            script.putArray("exec")
                    .add("const job = pm.response.json();")
                    .add("if (job.id) { pm.collectionVariables.set('jobId', job.id); }");
        }
        item.putArray("response");
        return item;
    }

    static String pretty(JsonNode node) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException("A JSON tree always serializes", e);
        }
    }

    /** Writes the collection for the document in the api module's resources. */
    static void write(Path file) throws IOException {
        JsonNode openApi = Json.MAPPER.readTree(ApiDescriptionRoutes.read());
        Files.createDirectories(file.getParent());
        Files.writeString(file, pretty(from(openApi)) + "\n", StandardCharsets.UTF_8);
    }
}
