package io.jobline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalStackImageTest {

    /** LocalStackIT and localstack/docker-compose.yml must test and deploy against the same pinned image. */
    @Test
    void theComposeFileRunsTheImageLocalStackITTests() throws IOException {
        // VERSION is a constant, so reading it does not load LocalStackIT (and its container).
        List<String> images = Files.readAllLines(SamTemplateTest.projectRoot().resolve("localstack/docker-compose.yml"))
                .stream()
                .map(String::strip)
                .filter(line -> line.startsWith("image:") && line.contains("localstack/localstack"))
                .toList();

        assertEquals(List.of("image: ${LOCALSTACK_IMAGE:-localstack/localstack:" + LocalStackIT.VERSION + "}"), images);
    }
}
