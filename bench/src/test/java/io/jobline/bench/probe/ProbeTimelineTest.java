package io.jobline.bench.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ProbeTimelineTest {

    @Test
    void escapedDetailReadsBackAsJson() throws Exception {
        String detail = "HTTP 401: {\"error\":{\"message\":\"bad\\key\"}}\n\tat line\u0001";

        String json = "{\"detail\":\"" + ProbeTimeline.escape(detail) + "\"}";

        assertEquals(detail, new ObjectMapper().readTree(json).path("detail").asText());
    }
}
