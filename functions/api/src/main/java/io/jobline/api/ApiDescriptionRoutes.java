package io.jobline.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** {@code GET /openapi.json}, without an API key: the OpenAPI 3.1 document of this API, read once from the jar. */
final class ApiDescriptionRoutes {

    static final String RESOURCE = "/openapi.json";

    private final String document = read();

    void register(Router router) {
        router.add("GET", "/openapi.json", call -> APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withHeaders(new HashMap<>(Map.of("Content-Type", "application/json")))
                .withBody(document)
                .build());
    }

    static String read() {
        try (InputStream in = ApiDescriptionRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The jar lacks " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
