package io.jobline.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Context} of one local invocation: a fresh request id, and a deadline that starts counting when the context
 * is made, as Lambda's does when it invokes the handler.
 */
public final class LocalLambdaContext implements Context {

    /** The account every local ARN names, as LocalStack and ElasticMQ do. */
    public static final String ACCOUNT_ID = "000000000000";

    public static final String REGION = "us-east-1";
    public static final int DEFAULT_MEMORY_MB = 512;

    // Lambda keeps one log stream per execution environment; this JVM is the only one.
    private static final String LOG_STREAM = LocalDate.now(ZoneOffset.UTC).toString().replace('-', '/')
            + "/[$LATEST]" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());

    private final String functionName;
    private final String awsRequestId = UUID.randomUUID().toString();
    private final long deadlineNanos;
    private final int memoryLimitMb;
    private final LambdaLogger logger;

    public LocalLambdaContext(String functionName, Duration timeout) {
        this(functionName, timeout, DEFAULT_MEMORY_MB);
    }

    public LocalLambdaContext(String functionName, Duration timeout, int memoryLimitMb) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("A function timeout must be positive: " + timeout);
        }
        this.functionName = functionName;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
        this.memoryLimitMb = memoryLimitMb;
        this.logger = new Slf4jLambdaLogger(LoggerFactory.getLogger(functionName));
    }

    @Override
    public String getAwsRequestId() {
        return awsRequestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return LOG_STREAM;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT_ID + ":function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        long remaining = Duration.ofNanos(deadlineNanos - System.nanoTime()).toMillis();
        return Math.clamp(remaining, 0, Integer.MAX_VALUE);
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryLimitMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }

    /** Sends what a handler logs through the context to slf4j, under the function's name. */
    private record Slf4jLambdaLogger(Logger log) implements LambdaLogger {

        @Override
        public void log(String message) {
            log(message, LogLevel.UNDEFINED);
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8), LogLevel.UNDEFINED);
        }

        @Override
        public void log(String message, LogLevel level) {
            // Handlers often end context log lines with a newline, as CloudWatch wants; slf4j adds its own.
            String line = message.stripTrailing();
            switch (level) {
                case TRACE -> log.trace(line);
                case DEBUG -> log.debug(line);
                case WARN -> log.warn(line);
                case ERROR, FATAL -> log.error(line);
                case INFO, UNDEFINED -> log.info(line);
            }
        }

        @Override
        public void log(byte[] message, LogLevel level) {
            log(new String(message, StandardCharsets.UTF_8), level);
        }
    }
}
