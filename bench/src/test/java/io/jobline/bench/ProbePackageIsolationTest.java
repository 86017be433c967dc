package io.jobline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jobline.bench.probe.ApiProbe;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The probes run in a JVM that has only the function jar and the probe package: a reference to another bench class
 * (or to the local runner, which is not in any function jar) would make them fail there, or worse, measure more than
 * the function.
 */
class ProbePackageIsolationTest {

    /** Class names in a class file's constant pool, as internal names ({@code io/jobline/bench/Foo}). */
    private static final Pattern FORBIDDEN = Pattern.compile("io/jobline/(bench/(?!probe/)|local/)[A-Za-z0-9_$/]+");

    @Test
    void probeClassesReferToNothingOfTheBenchModuleOutsideTheirPackage() throws IOException, URISyntaxException {
        Path classes = Path.of(ApiProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path probePackage = classes.resolve(ProbeClasspath.PROBE_PACKAGE_PATH);
        List<String> violations = new ArrayList<>();
        List<Path> classFiles;
        try (Stream<Path> files = Files.list(probePackage)) {
            classFiles = files.filter(file -> file.toString().endsWith(".class")).toList();
        }
        for (Path classFile : classFiles) {
            // Latin-1 maps each byte to one char, so the constant pool's UTF-8 class names read as they are.
            Matcher matcher = FORBIDDEN.matcher(new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1));
            while (matcher.find()) {
                violations.add(classFile.getFileName() + " -> " + matcher.group());
            }
        }

        assertFalse(classFiles.isEmpty(), "no probe classes found in " + probePackage);
        assertEquals(List.of(), violations);
    }
}
