package io.jobline.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Json;
import io.jobline.config.DatabaseConfig;
import java.io.IOException;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/** The user and password to connect with: from the configuration, or from a Secrets Manager secret. */
record DatabaseCredentials(String user, String password) {

    /** Never prints the password. */
    @Override
    public String toString() {
        return "DatabaseCredentials[user=" + user + ", password=***]";
    }

    static DatabaseCredentials of(DatabaseConfig config) {
        if (config.secretArn().isEmpty()) {
            return new DatabaseCredentials(config.user(), config.password().orElseThrow());
        }
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(5)))
                .region(Region.of(config.awsRegion()));
        config.secretsManagerEndpoint().ifPresent(builder::endpointOverride);
        try (SecretsManagerClient secrets = builder.build()) {
            String secret = secrets.getSecretValue(get -> get.secretId(config.secretArn().get())).secretString();
            return fromSecret(secret, config.user());
        } catch (SdkException e) {
            // The message names the secret, never its value.
            throw new StoreUnavailableException(
                    "Could not read the database secret " + config.secretArn().get() + ": " + e.getMessage(), e);
        }
    }

    /** The secret's JSON as RDS and Secrets Manager rotation write it: {@code {"username": ..., "password": ...}}. */
    static DatabaseCredentials fromSecret(String secretJson, String defaultUser) {
        JsonNode secret;
        try {
            secret = Json.MAPPER.readTree(secretJson);
        } catch (IOException e) {
            throw new StoreException("The database secret is not JSON", null);
        }
        JsonNode password = secret == null ? null : secret.get("password");
        if (password == null || !password.isTextual()) {
            throw new StoreException("The database secret has no \"password\" field", null);
        }
        JsonNode user = secret.get("username");
        return new DatabaseCredentials(user != null && user.isTextual() ? user.textValue() : defaultUser,
                password.textValue());
    }
}
