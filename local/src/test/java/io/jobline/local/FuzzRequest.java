package io.jobline.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * One request of the fuzz run and what its answer may be.
 *
 * @param category what kind of hostility it carries, for the failure report
 * @param path the request target as sent: percent-encoded, with its query
 * @param headers in order; a name may repeat
 * @param allowedStatuses the statuses it may be answered with; empty means any 4xx
 * @param harmless a request that may succeed without changing anything (a read; a bulk retry of a tenant without
 *     failed jobs)
 * @param raw sent over a plain socket: for bytes {@link java.net.http.HttpClient} refuses to send (non-ASCII headers)
 * @param sentJson for requests meant to be accepted: the JSON the server should store, as parsed by Jackson
 */
record FuzzRequest(
        int index,
        String category,
        String method,
        String path,
        List<Header> headers,
        byte[] body,
        Set<Integer> allowedStatuses,
        boolean harmless,
        boolean raw,
        JsonNode sentJson) {

    /** A header as sent; with {@code raw}, its value's chars are the bytes on the wire (ISO-8859-1). */
    record Header(String name, String value) {}

    boolean isHead() {
        return method.equals("HEAD");
    }

    /** Enough to reproduce the request by hand: method, path, headers and the start of the body. */
    String describe() {
        String text = new String(body, StandardCharsets.UTF_8);
        String excerpt = text.length() > 300 ? text.substring(0, 300) + "...(" + body.length + " bytes)" : text;
        StringBuilder headerText = new StringBuilder();
        for (Header header : headers) {
            String value = header.value().length() > 80 ? header.value().substring(0, 80) + "..." : header.value();
            headerText.append(header.name()).append(": ").append(escape(value)).append("; ");
        }
        String shownPath = path.length() > 200 ? path.substring(0, 200) + "..." : path;
        return "#" + index + " [" + category + "] " + method + " " + escape(shownPath) + " {" + headerText + "} "
                + escape(excerpt);
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder();
        text.chars().forEach(c -> {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || Character.isSurrogate((char) c)) {
                escaped.append(String.format("\\u%04x", c));
            } else {
                escaped.append((char) c);
            }
        });
        return escaped.toString();
    }
}
