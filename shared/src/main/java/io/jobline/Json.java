package io.jobline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one configured JSON mapper. Limits are tighter than Jackson's defaults because every body is untrusted. */
public final class Json {

    /** Deeper than any real payload needs; stops stack-exhausting bodies early. */
    public static final int MAX_NESTING_DEPTH = 32;

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxStringLength(1 << 20)
                            .maxNumberLength(100)
                            .build())
                    .build())
            // "{...} x" is not JSON: without this Jackson reads the first value and ignores the rest.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {}

    /**
     * Why {@code text} cannot be stored as it was sent, or null when it can: PostgreSQL's text and jsonb refuse NUL, and
     * a lone UTF-16 surrogate has no UTF-8 form (it would silently become '?').
     */
    public static String unstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "must not contain the NUL character";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "must not contain an unpaired UTF-16 surrogate";
            }
            if (Character.isLowSurrogate(c)) {
                return "must not contain an unpaired UTF-16 surrogate";
            }
        }
        return null;
    }
}
