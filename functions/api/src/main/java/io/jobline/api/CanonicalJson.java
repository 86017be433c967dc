package io.jobline.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/** A fingerprint of a JSON request that ignores field order and whitespace, for idempotent replays. */
final class CanonicalJson {

    private CanonicalJson() {}

    static String sha256(JsonNode node, Set<String> ignoredTopLevelFields) {
        StringBuilder canonical = new StringBuilder();
        write(node, canonical, ignoredTopLevelFields);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    private static void write(JsonNode node, StringBuilder out, Set<String> ignored) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.removeAll(ignored);
            names.sort(null);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(com.fasterxml.jackson.databind.node.TextNode.valueOf(names.get(i))).append(':');
                write(node.get(names.get(i)), out, Set.of());
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out, Set.of());
            }
            out.append(']');
        } else {
            out.append(node);
        }
    }
}
