package io.jobline.logging;

/**
 * JSON string escaping by hand, shared by the log lines and the EMF documents. Everything outside printable ASCII is
 * written as a JSON escape of four hex digits ({@code \\u00e9} for an accented e), so a line survives any encoding
 * the runtime gives stdout and stderr (Lambda's POSIX locale would turn raw UTF-8 into question marks), and an
 * unpaired surrogate stays visible instead of becoming '?'.
 */
public final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {}

    /** Appends {@code text} as a quoted JSON string. */
    public static StringBuilder string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /** Appends a value: numbers and booleans as themselves, null as null, anything else as its string. */
    public static StringBuilder value(StringBuilder out, Object value) {
        if (value == null) {
            return out.append("null");
        }
        if (value instanceof Boolean
                || value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof Double d && Double.isFinite(d) || value instanceof Float f && Float.isFinite(f)) {
            return out.append(value);
        }
        return string(out, String.valueOf(value));
    }
}
