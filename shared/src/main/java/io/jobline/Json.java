package io.jobline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
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
            .build();

    private Json() {}
}
