package io.jobline.local;

import java.util.Map;

/**
 * A route that only the local runner has, such as {@code GET /_local/mail}; {@link ApiGatewayHttpServer} serves it
 * before the function. It answers JSON, so it needs no framework.
 */
@FunctionalInterface
public interface LocalRoute {

    Response handle(Request request) throws Exception;

    /** @param query the decoded query string; a repeated name keeps its values joined with commas */
    record Request(String method, String path, Map<String, String> query, String body) {}

    record Response(int status, String json) {

        public static Response ok(String json) {
            return new Response(200, json);
        }
    }
}
