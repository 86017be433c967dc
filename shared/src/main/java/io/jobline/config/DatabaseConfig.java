package io.jobline.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How to reach PostgreSQL. The password comes either from {@code JOBLINE_DATABASE_PASSWORD} or, on AWS, from the
 * Secrets Manager secret named by {@code JOBLINE_DATABASE_SECRET_ARN}, read once when the pool is built.
 */
public record DatabaseConfig(
        String url,
        String user,
        Optional<String> password,
        Optional<String> secretArn,
        int poolSize,
        Duration connectTimeout,
        String awsRegion,
        Optional<URI> secretsManagerEndpoint) {

    public static final String URL = "JOBLINE_DATABASE_URL";
    public static final String USER = "JOBLINE_DATABASE_USER";
    public static final String PASSWORD = "JOBLINE_DATABASE_PASSWORD";
    public static final String SECRET_ARN = "JOBLINE_DATABASE_SECRET_ARN";
    public static final String POOL_SIZE = "JOBLINE_DATABASE_POOL_SIZE";
    public static final String CONNECT_TIMEOUT_MS = "JOBLINE_DATABASE_CONNECT_TIMEOUT_MS";
    public static final String AWS_ENDPOINT_URL_SECRETS_MANAGER = "AWS_ENDPOINT_URL_SECRETS_MANAGER";

    /** Only what the database needs: for the migration function, which has no queue, cache or mail. */
    public static DatabaseConfig fromEnv(Map<String, String> env) {
        EnvReader reader = new EnvReader(env);
        DatabaseConfig config = read(reader);
        reader.throwIfInvalid();
        return config;
    }

    static DatabaseConfig read(EnvReader reader) {
        Optional<String> secretArn = reader.optional(SECRET_ARN, Function.identity());
        Optional<String> password = Optional.empty();
        if (secretArn.isEmpty()) {
            password = reader.optionalAllowEmpty(PASSWORD);
            if (password.isEmpty()) {
                reader.problem(PASSWORD + " is required but not set (or set " + SECRET_ARN
                        + " to read it from Secrets Manager)");
            }
        }
        return new DatabaseConfig(
                reader.required(URL, DatabaseConfig::jdbcUrl),
                reader.required(USER, Function.identity()),
                password,
                secretArn,
                reader.optional(POOL_SIZE, text -> EnvReader.intIn(text, 1, 200)).orElse(2),
                reader.optional(CONNECT_TIMEOUT_MS, text -> Duration.ofMillis(EnvReader.intIn(text, 250, 60_000)))
                        .orElse(Duration.ofSeconds(3)),
                secretArn.isPresent() ? reader.required(Config.AWS_REGION, Function.identity()) : null,
                reader.optional(AWS_ENDPOINT_URL_SECRETS_MANAGER, EnvReader::httpUri)
                        .or(() -> reader.optional(Config.AWS_ENDPOINT_URL, EnvReader::httpUri)));
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "DatabaseConfig[url=" + url + ", user=" + user + ", password=" + (password.isPresent() ? "***" : "none")
                + ", secretArn=" + secretArn.orElse("none") + ", poolSize=" + poolSize + ", connectTimeout="
                + connectTimeout + "]";
    }

    private static String jdbcUrl(String text) {
        if (!text.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db)");
        }
        return text;
    }
}
