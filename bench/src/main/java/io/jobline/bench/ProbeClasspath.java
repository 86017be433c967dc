package io.jobline.bench;

import io.jobline.bench.probe.ApiProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** The parts of a child JVM's class path that come from the bench module rather than from the function jar. */
final class ProbeClasspath {

    static final String PROBE_PACKAGE_PATH = ApiProbe.class.getPackageName().replace('.', '/');

    /**
     * Classes whose jars make up the SDK's Apache HTTP client: the client itself, HttpClient, HttpCore, Commons Logging,
     * Commons Codec. The bench module depends on apache-client, so Maven has resolved exactly these.
     */
    static final List<String> APACHE_CLIENT_CLASSES = List.of(
            "software.amazon.awssdk.http.apache.ApacheHttpClient",
            "org.apache.http.impl.client.HttpClientBuilder",
            "org.apache.http.HttpRequest",
            "org.apache.commons.logging.LogFactory",
            "org.apache.commons.codec.binary.Base64");

    private ProbeClasspath() {}

    /**
     * Packs the probe package, and nothing else of the bench module, into the jar {@code target}: the children get that
     * jar, so a probe that used another bench class would fail to load rather than measure something else. A jar
     * rather than a directory also lets {@code --jvm-flag} experiments use AppCDS, which refuses directories.
     */
    static Path isolateProbeClasses(Path target) {
        Path source = codeSourceOf(ApiProbe.class);
        try {
            if (Files.isDirectory(source)) {
                pack(source.resolve(PROBE_PACKAGE_PATH), target);
            } else {
                try (FileSystem jar = FileSystems.newFileSystem(source)) {
                    pack(jar.getPath(PROBE_PACKAGE_PATH), target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not pack the probe classes from " + source + " into " + target, e);
        }
        return target;
    }

    /** The jars of the SDK's Apache HTTP client, as resolved for this module, in a stable order. */
    static List<Path> apacheClientJars() {
        Set<Path> jars = new LinkedHashSet<>();
        for (String className : APACHE_CLIENT_CLASSES) {
            try {
                jars.add(codeSourceOf(Class.forName(className, false, ProbeClasspath.class.getClassLoader())));
            } catch (ClassNotFoundException e) {
                throw new ColdStartException(className + " is not on the benchmark's class path: the naive variant"
                        + " needs software.amazon.awssdk:apache-client, a runtime dependency of bench/pom.xml");
            }
        }
        return List.copyOf(jars);
    }

    static long sizeOf(List<Path> files) {
        long bytes = 0;
        for (Path file : files) {
            try {
                bytes += Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bytes;
    }

    private static void pack(Path packageDir, Path jar) throws IOException {
        List<Path> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(packageDir)) {
            files.filter(file -> file.getFileName().toString().endsWith(".class")).sorted().forEach(classes::add);
        }
        if (classes.isEmpty()) {
            throw new ColdStartException("No probe classes in " + packageDir + ": compile the bench module first");
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Path file : classes) {
                out.putNextEntry(new JarEntry(PROBE_PACKAGE_PATH + "/" + file.getFileName()));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
    }

    private static Path codeSourceOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new ColdStartException("Cannot tell where " + type.getName() + " was loaded from");
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new ColdStartException("Cannot tell where " + type.getName() + " was loaded from", e);
        }
    }
}
