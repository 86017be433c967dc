package io.jobline.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Jobline's SLF4J 2 provider (registered in {@code META-INF/services}): one JSON object per line on stderr, with the
 * MDC and the fluent API's key-value pairs as top-level fields, which is what CloudWatch Logs Insights discovers on
 * its own. It replaces slf4j-simple (plain text) and is the only provider on every classpath of the project.
 *
 * <p>Why not logback with its {@code JsonEncoder}: that encoder nests key-value pairs in a {@code kvpList} array and
 * MDC under {@code mdc}, so a query would have to say {@code kvpList.0.jobId} instead of {@code jobId}; logback also
 * reads XML configuration and brings about 900 KB and its own class loading to every cold start. The whole of this is
 * five small classes with no configuration file and no reflection.
 */
public final class JoblineLoggingProvider implements SLF4JServiceProvider {

    private ILoggerFactory loggerFactory;
    private IMarkerFactory markerFactory;
    private MDCAdapter mdcAdapter;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
        loggerFactory = name -> loggers.computeIfAbsent(name, JoblineLogger::new);
        markerFactory = new BasicMarkerFactory();
        mdcAdapter = new BasicMDCAdapter();
    }
}
