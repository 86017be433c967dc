package io.jobline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.jobline.config.Config;
import io.jobline.tenant.ApiKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Secrets never reach the logs. A full run of the local runner, in a child JVM whose stdout and stderr are captured
 * whole: an external database with a known password, a development key, an admin key, keys issued and revoked through
 * the admin routes, callback secrets (read and rotated), webhooks carrying an Authorization header and tokens in their
 * URLs (succeeding, failing with 500 and retrying, refused by the SSRF policy, failing permanently), a signed completion
 * callback to a URL with a token, emails that succeed and fail, and requests with wrong or malformed keys. After a
 * SIGTERM, not one of the secrets may appear anywhere in what the process wrote, except the development key in the
 * start-up banner, which prints it on purpose.
 */
class SecretsNotLoggedIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration FINISH_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern API_LINE = Pattern.compile("^\\s*API\\s+(http://\\S+)\\s*$", Pattern.MULTILINE);

    /** Every secret the run handles, by what it is, checked against the captured output. */
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private String failingJobId;

    @Test
    void noSecretAppearsInTheLogsOfAFullRun() throws Exception {
        String databasePassword = remember("database password", "pgpw-" + random(24));
        String devKey = remember("development API key", "jl_" + random(32));
        String adminKey = remember("admin key", "jladmin_" + random(32));
        String webhookAuthorization = remember("webhook Authorization header", "Bearer whsec-" + random(24));
        String webhookToken = remember("webhook URL token", "wht-" + random(24));
        String failingToken = remember("failing webhook URL token", "wfail-" + random(24));
        String missingToken = remember("404 webhook URL token", "w404-" + random(24));
        String ssrfToken = remember("refused webhook URL token", "wssrf-" + random(24));
        String callbackToken = remember("callback URL token", "cbt-" + random(24));
        String wrongKey = remember("wrong API key", "jl_" + random(32));
        String wrongAdminKey = remember("wrong admin key", "jladmin_" + random(32));
        String malformedKey = remember("key in a malformed header", "jl_" + random(32));

        AtomicInteger hookCalls = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            hookCalls.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            int status = path.startsWith("/fail") ? 500 : path.startsWith("/missing") ? 404 : 200;
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        receiver.start();
        String hooks = "http://127.0.0.1:" + receiver.getAddress().getPort();

        Path stdout = Files.createTempFile("jobline-secrets-out", ".log");
        Path stderr = Files.createTempFile("jobline-secrets-err", ".log");
        Process child = null;
        long started = System.nanoTime();
        try (LocalPostgres postgres = LocalPostgres.start()) {
            ProcessBuilder builder = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+IgnoreUnrecognizedVMOptions",
                    "--sun-misc-unsafe-memory-access=allow",
                    "--enable-native-access=ALL-UNNAMED",
                    // Jobline's own loggers at DEBUG: not even the detail may carry a secret.
                    "-Djobline.log.level.io.jobline=debug",
                    "-cp", System.getProperty("java.class.path"),
                    LocalJobline.class.getName()));
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("JOBLINE_") || name.startsWith("AWS_"));
            // What the functions write on AWS: JSON lines on stderr, EMF lines on stdout.
            env.put(Config.LOG_FORMAT, "json");
            env.put(Config.METRICS, "emf");
            env.put(LocalSettings.PORT, "0");
            env.put(LocalSettings.WORKERS, "2");
            env.put(LocalSettings.SWEEP_SECONDS, "2");
            env.put(LocalSettings.DEV_API_KEY, devKey);
            env.put("JOBLINE_ADMIN_KEY_SHA256", HexFormat.of().formatHex(ApiKey.sha256(adminKey)));
            env.put("JOBLINE_DATABASE_URL", postgres.jdbcUrl());
            env.put("JOBLINE_DATABASE_USER", postgres.user());
            env.put("JOBLINE_DATABASE_PASSWORD", databasePassword);
            builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            child = builder.start();

            URI base = awaitUrl(child, stdout, stderr);
            JoblineClient client = new JoblineClient(base);
            List<String> jobs = new ArrayList<>();

            // Admin routes: a tenant, a key issued (shown once), used, revoked, refused.
            assertEquals(401, send(client, base, "GET", "/admin/tenants", "Bearer " + wrongAdminKey, null).status());
            assertEquals(201, send(client, base, "POST", "/admin/tenants", "Bearer " + adminKey,
                    "{\"name\":\"secrets-test\"}").status());
            JoblineClient.Response issued = send(client, base, "POST", "/admin/tenants/secrets-test/keys",
                    "Bearer " + adminKey, "{\"name\":\"ci\"}");
            assertEquals(201, issued.status(), issued.raw().body());
            String issuedKey = remember("admin-issued API key", issued.json().get("key").textValue());
            String issuedKeyId = issued.json().get("id").asText();
            JoblineClient.Response byIssued = client.submit(issuedKey, emailJob("issued@example.com"));
            assertEquals(202, byIssued.status(), byIssued.raw().body());
            jobs.add(issuedKey + " " + byIssued.json().get("id").textValue());
            assertEquals(200, send(client, base, "GET", "/admin/tenants/secrets-test/keys", "Bearer " + adminKey,
                    null).status());

            // Callback secrets, read and rotated: each one a secret.
            rememberCallbackSecrets(send(client, base, "GET", "/callback-secret", "Bearer " + devKey, null));
            rememberCallbackSecrets(send(client, base, "POST", "/callback-secret/rotate", "Bearer " + devKey, null));
            rememberCallbackSecrets(send(client, base, "GET", "/callback-secret", "Bearer " + devKey, null));

            // Jobs that succeed, fail, retry, and are refused.
            String headers = "\"headers\":{\"Authorization\":\"" + webhookAuthorization + "\"}";
            jobs.add(devKey + " " + submitted(client, devKey, webhookJob(hooks + "/hook?token=" + webhookToken,
                    headers, hooks + "/callback?token=" + callbackToken, 1)));
            String failingJob = submitted(client, devKey, webhookJob(hooks + "/fail?token=" + failingToken,
                    headers, hooks + "/callback?token=" + callbackToken, 2));
            failingJobId = failingJob;
            jobs.add(devKey + " " + failingJob);
            jobs.add(devKey + " " + submitted(client, devKey, webhookJob(hooks + "/missing?token=" + missingToken,
                    headers, null, 3)));
            jobs.add(devKey + " " + submitted(client, devKey, emailJob("ada@example.com")));
            jobs.add(devKey + " " + submitted(client, devKey, emailJob("nobody@nowhere.invalid")));
            JoblineClient.Response ssrf = client.submit(devKey, webhookJob(
                    "http://169.254.169.254/latest/meta-data?token=" + ssrfToken, headers, null, 1));
            if (ssrf.status() == 202) {
                jobs.add(devKey + " " + ssrf.json().get("id").textValue());
            } else {
                assertEquals(400, ssrf.status(), ssrf.raw().body());
            }
            JoblineClient.Response ssrfCallback = client.submit(devKey, emailJob("grace@example.com")
                    .replaceFirst("}$", ",\"callbackUrl\":\"http://169.254.169.254/cb?token=" + ssrfToken + "\"}"));
            if (ssrfCallback.status() == 202) {
                jobs.add(devKey + " " + ssrfCallback.json().get("id").textValue());
            }

            // Wrong keys and malformed headers: refused, and not echoed into the logs.
            assertEquals(401, client.submit(wrongKey, emailJob("eve@example.com")).status());
            assertEquals(401, send(client, base, "GET", "/jobs", "Bearer " + wrongKey, null).status());
            assertEquals(401, send(client, base, "GET", "/jobs", "Token " + malformedKey, null).status());
            assertEquals(401, send(client, base, "GET", "/jobs", "Bearer " + malformedKey + " extra", null).status());
            assertEquals(401, send(client, base, "GET", "/jobs", malformedKey, null).status());
            assertEquals(401, send(client, base, "GET", "/stats", "Basic " + Base64.getEncoder()
                    .encodeToString(("user:" + malformedKey).getBytes(StandardCharsets.UTF_8)), null).status());
            assertEquals(401, send(client, base, "POST", "/admin/tenants", "Bearer " + devKey,
                    "{\"name\":\"nope\"}").status());

            // Everything finishes: both the successes and the failures ran their full course.
            Map<String, Integer> outcomes = new LinkedHashMap<>();
            for (String job : jobs) {
                String[] keyAndId = job.split(" ");
                JoblineClient.Response finished = client.awaitFinished(keyAndId[0], keyAndId[1], FINISH_TIMEOUT);
                assertTrue(JoblineClient.isFinished(finished), "job did not finish: " + finished.raw().body());
                outcomes.merge(finished.json().get("status").textValue(), 1, Integer::sum);
            }
            assertTrue(outcomes.getOrDefault("succeeded", 0) >= 3, outcomes.toString());
            assertTrue(outcomes.getOrDefault("failed", 0) >= 3, outcomes.toString());

            // The revoked key is refused (after the key cache's TTL at most).
            assertEquals(204, send(client, base, "DELETE", "/admin/keys/" + issuedKeyId, "Bearer " + adminKey,
                    null).status());
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            int status = 0;
            while (Instant.now().isBefore(deadline)
                    && (status = send(client, base, "GET", "/jobs", "Bearer " + issuedKey, null).status()) != 401) {
                JoblineClient.pause(Duration.ofMillis(500));
            }
            assertEquals(401, status, "a revoked key is refused");
            assertTrue(hookCalls.get() >= 4, "webhooks and callbacks were called: " + hookCalls.get());
            System.out.println("Jobs finished: " + outcomes + ", webhook and callback calls: " + hookCalls.get());

            // SIGTERM: the shutdown hook stops everything, logging as it goes.
            child.destroy();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the runner stops on SIGTERM");
        } finally {
            receiver.stop(0);
            if (child != null && child.isAlive()) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }

        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
        // The banner shows the development key on purpose, once; everything else is scanned as it is.
        String banner = banner(out);
        assertTrue(banner.contains(devKey), "the banner shows the development key");
        String scanned = out.replace(banner, "") + "\n" + err;
        long lines = scanned.lines().count();
        List<String> leaks = new ArrayList<>();
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            for (String form : forms(secret.getValue())) {
                scanned.lines().filter(line -> line.contains(form)).findFirst().ifPresent(line ->
                        leaks.add(secret.getKey() + " (" + form + ") in: " + line));
            }
        }
        System.out.printf("Scanned %d log lines (%d bytes stdout, %d bytes stderr) of a %.1f s run for %d secrets%n",
                lines, out.length(), err.length(), (System.nanoTime() - started) / 1e9, secrets.size());
        if (Boolean.getBoolean("jobline.secrets.printLog")) {
            System.out.println(scanned);
        }
        assertTrue(lines > 20, "the run logged something to scan: " + lines + " lines");
        assertFalse(err.isBlank(), "the run logged to stderr");
        assertTrue(scanned.contains(failingJobId), "the worker's logs were captured (the retried webhook's job)");
        assertTrue(err.lines().anyMatch(line -> line.startsWith("{") && line.contains("\"message\":\"job attempt\"")
                && line.contains(failingJobId)), "the logs are JSON lines, with the failing job's attempts");
        assertTrue(out.lines().anyMatch(line -> line.startsWith("{\"_aws\":")), "EMF lines were written to stdout");
        if (!leaks.isEmpty()) {
            fail("Secrets in the logs:\n" + String.join("\n", leaks));
        }
    }

    /** The secret, and for Bearer values the bare token, and for long ones a distinctive 16-character middle. */
    private static List<String> forms(String secret) {
        List<String> forms = new ArrayList<>();
        forms.add(secret);
        if (secret.startsWith("Bearer ")) {
            forms.add(secret.substring("Bearer ".length()));
        }
        if (secret.length() >= 32) {
            forms.add(secret.substring(8, 24)); // a truncated or partly masked secret still leaks
        }
        return forms;
    }

    private String remember(String what, String secret) {
        secrets.put(what, secret);
        return secret;
    }

    private void rememberCallbackSecrets(JoblineClient.Response response) {
        assertEquals(200, response.status(), response.raw().body());
        List<String> found = new ArrayList<>();
        collectText(response.json(), found);
        found.stream().filter(text -> text.startsWith("jlcb_"))
                .forEach(text -> secrets.put("callback secret " + text.substring(5, 9), text));
        assertFalse(found.stream().noneMatch(text -> text.startsWith("jlcb_")), response.raw().body());
    }

    private static void collectText(JsonNode node, List<String> into) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            into.add(node.textValue());
        }
        node.forEach(child -> collectText(child, into));
    }

    private static String submitted(JoblineClient client, String key, String body) {
        JoblineClient.Response response = client.submit(key, body);
        assertEquals(202, response.status(), response.raw().body());
        return response.json().get("id").textValue();
    }

    private static JoblineClient.Response send(JoblineClient client, URI base, String method, String path,
            String authorization, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", authorization)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return client.send(request);
    }

    private static String emailJob(String to) {
        return "{\"type\":\"email.send\",\"payload\":{\"to\":[\"" + to
                + "\"],\"subject\":\"Hello\",\"text\":\"Hi\"}}";
    }

    private static String webhookJob(String url, String headers, String callbackUrl, int maxAttempts) {
        return "{\"type\":\"webhook.post\",\"maxAttempts\":" + maxAttempts
                + ",\"backoff\":{\"type\":\"exponential\",\"baseSeconds\":0,\"maxSeconds\":1}"
                + (callbackUrl == null ? "" : ",\"callbackUrl\":\"" + callbackUrl + "\"")
                + ",\"payload\":{\"url\":\"" + url + "\"," + headers + ",\"body\":{\"order\":42},\"timeoutSeconds\":5}}";
    }

    private static URI awaitUrl(Process child, Path stdout, Path stderr) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        while (Instant.now().isBefore(deadline)) {
            Matcher api = API_LINE.matcher(Files.readString(stdout, StandardCharsets.UTF_8));
            if (api.find()) {
                String url = api.group(1);
                return URI.create(url.endsWith("/") ? url : url + "/");
            }
            if (!child.isAlive()) {
                fail("The runner exited with " + child.exitValue() + ":\n" + Files.readString(stderr));
            }
            Thread.sleep(200);
        }
        fail("The runner did not print its URL in time:\n" + Files.readString(stderr));
        return null;
    }

    /** The start-up banner, from its first line to "Ctrl-C stops everything." */
    private static String banner(String out) {
        int start = out.indexOf("Jobline is running locally");
        String end = "Ctrl-C stops everything.";
        int stop = out.indexOf(end, start);
        assertTrue(start >= 0 && stop > start, "the banner is printed");
        return out.substring(start, stop + end.length());
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }
}
