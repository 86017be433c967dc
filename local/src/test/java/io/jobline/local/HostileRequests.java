package io.jobline.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobline.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;

/**
 * Generates the fuzz run's requests from a seed: request {@code i} of a seed is always the same, so a failure names
 * the seed and index that reproduce it.
 *
 * <p>{@link #rejected} requests are built to be refused: each carries at least one certain violation (a wrong type,
 * an unknown field, bad credentials, a wrong media type, an oversized body...) next to whatever hostile text it tests,
 * so the whole phase may change nothing. {@link #acceptable} requests are valid jobs and schedules whose free-text
 * fields carry the hostile text; the test accounts for every one the API accepts.
 */
final class HostileRequests {

    static final String JSON = "application/json";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Writes every non-ASCII character as a {@code \\u} escape: the only way to send a lone surrogate. */
    private static final ObjectMapper ESCAPING =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final String RAW_MARK = "@@RAW@@";
    private static final int LIMIT = 256 * 1024;

    /** A field of a request body: where it is, what JSON type it must have, and whether it may be left out. */
    private record Field(String path, Kind kind, boolean required) {}

    private enum Kind { STRING, INT, OBJECT, STRING_ARRAY, ARRAY }

    private static final List<Field> JOB_FIELDS = List.of(
            new Field("type", Kind.STRING, true),
            new Field("payload", Kind.OBJECT, true),
            new Field("maxAttempts", Kind.INT, false),
            new Field("priority", Kind.STRING, false),
            new Field("delaySeconds", Kind.INT, false),
            new Field("runAt", Kind.STRING, false),
            new Field("backoff", Kind.OBJECT, false),
            new Field("backoff/type", Kind.STRING, false),
            new Field("backoff/baseSeconds", Kind.INT, false),
            new Field("backoff/maxSeconds", Kind.INT, false),
            new Field("callbackUrl", Kind.STRING, false),
            new Field("idempotencyKey", Kind.STRING, false));

    private static final List<Field> EMAIL_FIELDS = List.of(
            new Field("payload/to", Kind.STRING_ARRAY, true),
            new Field("payload/cc", Kind.STRING_ARRAY, false),
            new Field("payload/bcc", Kind.STRING_ARRAY, false),
            new Field("payload/replyTo", Kind.STRING_ARRAY, false),
            new Field("payload/from", Kind.STRING, false),
            new Field("payload/subject", Kind.STRING, true),
            new Field("payload/text", Kind.STRING, false),
            new Field("payload/html", Kind.STRING, false));

    private static final List<Field> WEBHOOK_FIELDS = List.of(
            new Field("payload/url", Kind.STRING, true),
            new Field("payload/method", Kind.STRING, false),
            new Field("payload/headers", Kind.OBJECT, false),
            new Field("payload/headers/X-Fuzz", Kind.STRING, false),
            new Field("payload/timeoutSeconds", Kind.INT, false));

    private static final List<Field> RETRY_FIELDS = List.of(
            new Field("type", Kind.STRING, false),
            new Field("failedSince", Kind.STRING, false),
            new Field("errorContains", Kind.STRING, false),
            new Field("limit", Kind.INT, false));

    private static final List<Field> SCHEDULE_FIELDS = List.of(
            new Field("name", Kind.STRING, true),
            new Field("cron", Kind.STRING, true),
            new Field("timezone", Kind.STRING, false),
            new Field("job", Kind.OBJECT, true));

    /** The fields of a schedule's job template: a job without delay and idempotency key. */
    private static final Set<String> TEMPLATE_FIELDS =
            Set.of("type", "payload", "maxAttempts", "priority", "backoff", "callbackUrl");

    private static final List<String> JOB_ROUTES_WITH_ID = List.of("", "/attempts", "/cancel", "/retry");
    private static final List<String> SCHEDULE_ACTIONS = List.of("", "/pause", "/resume");
    private static final List<String> ODD_METHODS = List.of("PUT", "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO");
    private static final List<String> TIMEZONES = List.of("UTC", "Europe/Berlin", "America/New_York",
            "Asia/Kathmandu", "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns", "Africa/Casablanca");

    private final long seed;
    private final String key;

    /**
     * @param seed the run's seed
     * @param key a valid API key of a tenant that has no jobs and no schedules while the rejected phase runs
     */
    HostileRequests(long seed, String key) {
        this.seed = seed;
        this.key = key;
    }

    private SplittableRandom random(int index, long phase) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + phase);
    }

    // ------------------------------------------------------------------------------------------------------------
    // The rejected phase
    // ------------------------------------------------------------------------------------------------------------

    /** Request {@code index} of the rejected phase: refused, or a read that changes nothing. */
    FuzzRequest rejected(int index) {
        SplittableRandom random = random(index, 1);
        int roll = random.nextInt(1000);
        if (roll < 110) {
            return malformedJson(index, random);
        } else if (roll < 250) {
            return wrongTypes(index, random);
        } else if (roll < 330) {
            return outOfRange(index, random);
        } else if (roll < 470) {
            return injection(index, random);
        } else if (roll < 530) {
            return unicode(index, random);
        } else if (roll < 555) {
            return invalidUtf8(index, random);
        } else if (roll < 575) {
            return deepNesting(index, random);
        } else if (roll < 590) {
            return hugeBody(index, random);
        } else if (roll < 670) {
            return badJobId(index, random);
        } else if (roll < 715) {
            return badScheduleName(index, random);
        } else if (roll < 745) {
            return unknownRoute(index, random);
        } else if (roll < 785) {
            return wrongMethod(index, random);
        } else if (roll < 865) {
            return badCredentials(index, random);
        } else if (roll < 905) {
            return wrongContentType(index, random);
        } else if (roll < 950) {
            return hostileQuery(index, random);
        } else if (roll < 965) {
            return trailingGarbage(index, random);
        } else if (roll < 975) {
            return adminWithTenantKey(index, random);
        } else {
            return hostileHeaders(index, random);
        }
    }

    /** Broken JSON text, from a body that would be refused even if the break happened to leave valid JSON. */
    private FuzzRequest malformedJson(int index, SplittableRandom random) {
        String route = pick(random, List.of("/jobs", "/jobs/batch", "/schedules", "/jobs/retry"));
        byte[] body;
        if (random.nextInt(3) == 0) {
            body = utf8(pick(random, List.of("", " ", "\n", "{", "}", "[", "]", "{\"type\":", "nul", "tru", "NaN",
                    "Infinity", "-", "01", "1e", "\"unterminated", "{'type':'email.send'}", "{type:\"email.send\"}",
                    "{\"a\":1,}", "[1,]", "/* comment */{}", "// comment\n{}", "{\"a\" 1}", "\ufeff{}", "{}{}", "[]",
                    "\"text\"", "123", "true", "null", "{\"a\":\"\\x41\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\t\"}",
                    "{\"a\":01}", "{\"a\":+1}", "{\"a\":.5}", "{\"a\":1.}", "{\"type\":\"email.send\",}",
                    "{\"jobs\":[{},]}", "{\"a\":\"\\", "{\"a\":\"\\u\"}", "{,}", "{:}", "{\"\":}", "[[[", "]]]",
                    "{\"a\":tru}", "{\"a\":nulL}", "{\"a\":-}", "{\"a\":1e400000000000}",
                    "{\"a\":" + "9".repeat(150) + "}", "\u0000", "{\"a\":\"\u0000\"}", "\"\\ud800\"")));
            if (route.equals("/jobs/retry")) {
                // An empty body, or one that starts with {}, is the filter "all failed jobs": none for this tenant.
                return request(index, "malformed-json corpus", "POST", route, withKey(JSON), body, Set.of(400, 202),
                        true, false);
            }
            return post(index, "malformed-json corpus", route, body, Set.of(400));
        } else {
            ObjectNode valid = switch (route) {
                case "/jobs/batch" -> batch(random);
                case "/schedules" -> schedule(random);
                case "/jobs/retry" -> retryFilter(random);
                default -> job(random);
            };
            spoil(valid, route, random);
            body = breakJson(utf8(write(valid, random)), random);
        }
        if (route.equals("/jobs/retry")) {
            // Broken down to nothing, a bulk retry's body is the filter "every failed job": none of this tenant's.
            return request(index, "malformed-json", "POST", route, withKey(JSON), body, Set.of(400, 202), true,
                    false);
        }
        return post(index, "malformed-json", route, body, Set.of(400));
    }

    /** Every field of every body, given a value of a JSON type it must not have. */
    private FuzzRequest wrongTypes(int index, SplittableRandom random) {
        String route = pick(random, List.of("/jobs", "/jobs", "/jobs/batch", "/schedules", "/jobs/retry"));
        ObjectNode body;
        List<Field> fields;
        ObjectNode target;
        switch (route) {
            case "/jobs/batch" -> {
                body = batch(random);
                if (random.nextInt(5) == 0) {
                    body.set("jobs", wrongValue(new Field("jobs", Kind.ARRAY, true), random));
                    return post(index, "wrong-type batch.jobs", route, utf8(write(body, random)), Set.of(400));
                }
                ArrayNode jobs = (ArrayNode) body.get("jobs");
                target = (ObjectNode) jobs.get(random.nextInt(jobs.size()));
                fields = jobFields(target);
            }
            case "/schedules" -> {
                body = schedule(random);
                if (random.nextBoolean()) {
                    target = body;
                    fields = SCHEDULE_FIELDS;
                } else {
                    target = (ObjectNode) body.get("job");
                    fields = jobFields(target).stream()
                            .filter(field -> TEMPLATE_FIELDS.contains(field.path().split("/")[0]))
                            .toList();
                }
            }
            case "/jobs/retry" -> {
                body = retryFilter(random);
                target = body;
                fields = RETRY_FIELDS;
            }
            default -> {
                body = job(random);
                target = body;
                fields = jobFields(body);
            }
        }
        int mutations = 1 + random.nextInt(3);
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < mutations; i++) {
            Field field = pick(random, fields);
            names.append(field.path()).append(' ');
            JsonNode wrong = wrongValue(field, random);
            if (wrong == null) {
                remove(target, field.path());
            } else {
                set(target, field.path(), wrong);
            }
        }
        return post(index, "wrong-type " + route + " " + names.toString().strip(), route,
                utf8(write(body, random)), Set.of(400));
    }

    /** Values of the right type that no rule allows. */
    private FuzzRequest outOfRange(int index, SplittableRandom random) {
        int which = random.nextInt(3);
        if (which == 0) {
            ObjectNode body = schedule(random);
            String field = pick(random, List.of("name", "cron", "timezone"));
            body.put(field, switch (field) {
                case "name" -> pick(random, List.of("", "-x", ".", "..", "a/b", "a b", "1".repeat(101), "a:b",
                        "\u00e4", "a\u0000"));
                case "cron" -> pick(random, List.of("", " ", "* * * *", "61 * * * *", "* 25 * * *",
                        "* * 32 * *", "* * * 13 *", "* * * * 8", "* * * * * *", "@reboot", "@every 1m",
                        "0 0 30 2 *", "0 0 31 4,6,9,11 *", "x".repeat(201), "0 9 * * MON-FRI;rm -rf /",
                        "-1 * * * *", "* * * * FOO"));
                default -> pick(random, List.of("", "Mars/Olympus_Mons", "+02:00", "UTC+2", "GMT+25",
                        "../../etc/passwd", "z".repeat(101), "utc", "Europe/berlin", "Europe/Berlin ", "EST5EDT\n"));
            });
            return post(index, "out-of-range schedule." + field, "/schedules", utf8(write(body, random)),
                    Set.of(400));
        }
        if (which == 1) {
            ObjectNode body = retryFilter(random);
            switch (random.nextInt(3)) {
                case 0 -> body.put("limit", pick(random, List.of(0, -1, 1001, Integer.MAX_VALUE, Integer.MIN_VALUE)));
                case 1 -> body.put("failedSince", pick(random, List.of("yesterday", "2026-13-01T00:00:00Z",
                        "2026-11-22T10:00:00", "2026-11-22", "", "0", "+999999999-12-31T23:59:59Z")));
                default -> body.put(random.nextBoolean() ? "type" : "errorContains", "e".repeat(501));
            }
            return post(index, "out-of-range retry", "/jobs/retry", utf8(write(body, random)), Set.of(400));
        }
        ObjectNode job = job(random);
        boolean email = job.get("type").textValue().equals("email.send");
        ObjectNode payload = (ObjectNode) job.get("payload");
        int rule = random.nextInt(12);
        switch (rule) {
            case 0 -> job.put("maxAttempts", pick(random, List.of(0, 21, -1, Integer.MAX_VALUE, Integer.MIN_VALUE)));
            case 1 -> job.put("delaySeconds", pick(random, List.of(-1, 31_622_401, Integer.MAX_VALUE)));
            case 2 -> job.put("runAt", pick(random, List.of("2099-01-01T00:00:00Z", "not a date",
                    "2026-13-45T00:00:00Z", "2026-11-22T10:00:00", "+999999999-12-31T23:59:59Z", "")));
            case 3 -> job.put("priority", pick(random, List.of("HIGH", "low", "", "urgent", "normal ")));
            case 4 -> job.put("type", pick(random, List.of("", "EMAIL.SEND", "sms.send", "email.send ",
                    "t".repeat(101), "email", "webhook")));
            case 5 -> job.set("backoff", object("type", pick(random, List.of("linear", "", "EXPONENTIAL")),
                    "baseSeconds", pick(random, List.of(-1, 3601, 900)), "maxSeconds", pick(random,
                            List.of(0, -5, 100))));
            case 6 -> job.put("callbackUrl", pick(random, List.of("ftp://example.com/x", "http://user:pw@example.com/",
                    "http://169.254.169.254/latest/meta-data/", "http://[fe80::1%25eth0]/", "http://2130706433/",
                    "javascript:alert(1)", "http://0x7f.1/", "http://10.0.0.1/", "//example.com", "http:///x",
                    "http://exa mple.com/", "https://example.com:0/", "https://example.com:99999/",
                    "file:///etc/passwd", "http://" + "a".repeat(2050) + ".com", "http://[::ffff:10.0.0.1]/",
                    "http://100.64.0.1/", "http://example.com./")));
            case 7 -> job.put("delaySeconds", 5).put("runAt", "2026-11-22T10:00:00Z");
            case 8 -> job.put("idempotencyKey", pick(random, List.of("", "has space", "k".repeat(256), "tab\tkey",
                    "\u00e9t\u00e9")));
            default -> {
                if (email) {
                    outOfRangeEmail(payload, random);
                } else {
                    outOfRangeWebhook(payload, random);
                }
            }
        }
        byte[] bytes = utf8(write(job, random));
        return post(index, "out-of-range job rule " + rule, "/jobs", bytes, Set.of(bytes.length > LIMIT ? 413 : 400));
    }

    private static void outOfRangeEmail(ObjectNode payload, SplittableRandom random) {
        switch (random.nextInt(9)) {
            case 0 -> payload.set("to", NODES.arrayNode());
            case 1 -> payload.set("to", addresses(51));
            case 2 -> payload.set("to", NODES.arrayNode().add(pick(random, List.of("not-an-email", "a@b", "<>",
                    "@example.com", "a@", "a@@example.com", "a@example..com", "a@-example.com", "a b@example.com",
                    "\"a\"@example.com", "a@example.com (comment)", "a@[127.0.0.1]", "Ada <a@example.com",
                    "a".repeat(65) + "@example.com", "a@" + "b".repeat(250) + ".com", "\u00e4@example.com",
                    "a@ex\u00e4mple.com"))));
            case 3 -> payload.put("subject", pick(random, List.of("", "s".repeat(999), "a\r\nb", "\n")));
            case 4 -> {
                payload.remove("text");
                payload.remove("html");
            }
            case 5 -> {
                payload.set("cc", addresses(25));
                payload.set("bcc", addresses(25));
            }
            case 6 -> payload.put("attachments", "x");
            case 7 -> payload.put("from", pick(random, List.of("not an address", "", "a@b", "Jobline")));
            default -> payload.put("text", "t".repeat(LIMIT + 1));
        }
    }

    private static void outOfRangeWebhook(ObjectNode payload, SplittableRandom random) {
        switch (random.nextInt(6)) {
            case 0 -> payload.put("url", pick(random, List.of("http://10.0.0.1/", "file:///etc/passwd", "gopher://x/",
                    "http://169.254.169.254/", "http://[::ffff:169.254.169.254]/", "http://0177.0.0.1/", "", "x",
                    "http://192.168.0.1:8080/", "http://[fd00::1]/")));
            case 1 -> payload.put("method", pick(random, List.of("GET", "DELETE", "post", "")));
            case 2 -> payload.put("timeoutSeconds", pick(random, List.of(0, 31, -1, 10_000)));
            case 3 -> payload.set("headers", object(pick(random, List.of("Host", "Content-Length",
                    "Transfer-Encoding", "bad name", "X-A\r\nX-B", "")), "x"));
            case 4 -> {
                ObjectNode headers = NODES.objectNode();
                for (int i = 0; i < 51; i++) {
                    headers.put("X-H" + i, "v");
                }
                payload.set("headers", headers);
            }
            default -> payload.put("unknownField", true);
        }
    }

    /** SQL and header-injection strings in every string field (and field name), next to one certain violation. */
    private FuzzRequest injection(int index, SplittableRandom random) {
        String text = random.nextInt(3) == 0 ? pick(random, HostileInput.HEADER_INJECTION)
                : random.nextInt(4) == 0 ? HostileInput.anyHostileString(random)
                : pick(random, HostileInput.SQL_INJECTION);
        return withHostileText(index, "injection", text, random);
    }

    /** Unicode edge cases in every string field and field name, next to one certain violation. */
    private FuzzRequest unicode(int index, SplittableRandom random) {
        String text = random.nextBoolean() ? pick(random, HostileInput.UNICODE)
                : HostileInput.randomUnicode(random, 40);
        return withHostileText(index, "unicode", text, random);
    }

    private FuzzRequest withHostileText(int index, String category, String text, SplittableRandom random) {
        String route = pick(random, List.of("/jobs", "/jobs", "/jobs", "/jobs/batch", "/schedules", "/schedules",
                "/jobs/retry"));
        ObjectNode body = switch (route) {
            case "/jobs/batch" -> batch(random);
            case "/schedules" -> schedule(random);
            case "/jobs/retry" -> retryFilter(random);
            default -> job(random);
        };
        ObjectNode target = switch (route) {
            case "/jobs/batch" -> (ObjectNode) body.get("jobs").get(0);
            case "/schedules" -> random.nextBoolean() ? body : (ObjectNode) body.get("job");
            default -> body;
        };
        String where;
        if (random.nextInt(6) == 0) {
            // As a field name: error messages name unknown fields.
            ObjectNode parent = target.get("payload") instanceof ObjectNode payload && random.nextBoolean()
                    ? payload : target;
            parent.put(text, random.nextBoolean() ? text : "x");
            where = "field name";
        } else {
            List<Field> fields = target == body && route.equals("/schedules") ? SCHEDULE_FIELDS
                    : route.equals("/jobs/retry") ? RETRY_FIELDS : jobFields(target);
            List<Field> strings = fields.stream()
                    .filter(field -> field.kind() == Kind.STRING || field.kind() == Kind.STRING_ARRAY)
                    .toList();
            Field field = pick(random, strings);
            where = field.path();
            if (field.kind() == Kind.STRING_ARRAY) {
                ArrayNode list = NODES.arrayNode();
                if (random.nextBoolean()) {
                    list.add("ok@example.com");
                }
                list.add(random.nextBoolean() ? text : "Name " + text + " <x@example.com>");
                set(target, field.path(), list);
            } else {
                set(target, field.path(), NODES.textNode(text));
            }
        }
        String header = null;
        if (route.equals("/jobs") && random.nextInt(8) == 0 && isPrintableAscii(text)) {
            header = text; // the Idempotency-Key header too
        }
        Set<Integer> allowed = Set.of(400);
        if (route.equals("/jobs/retry")) {
            // A filter with odd text is still a filter: it retries none of a tenant that has no failed jobs.
            allowed = random.nextBoolean() ? Set.of(400, 202) : Set.of(400);
            if (allowed.size() == 1) {
                spoil(body, route, random);
            }
        } else {
            spoil(body, route, random);
        }
        List<FuzzRequest.Header> headers = new ArrayList<>(withKey(JSON));
        if (header != null) {
            headers.add(new FuzzRequest.Header("Idempotency-Key", header));
        }
        return request(index, category + " " + route + " " + where, "POST", route, headers,
                utf8(write(body, random)), allowed, route.equals("/jobs/retry"), false);
    }

    /** Bytes that are not UTF-8, inside strings and between tokens. */
    private FuzzRequest invalidUtf8(int index, SplittableRandom random) {
        String route = pick(random, List.of("/jobs", "/jobs/batch", "/schedules"));
        ObjectNode body = switch (route) {
            case "/jobs/batch" -> batch(random);
            case "/schedules" -> schedule(random);
            default -> job(random);
        };
        ObjectNode target = route.equals("/jobs/batch") ? (ObjectNode) body.get("jobs").get(0)
                : route.equals("/schedules") ? (ObjectNode) body.get("job") : body;
        if (target.get("payload") instanceof ObjectNode payload && payload.has("subject")) {
            payload.put("subject", "before" + RAW_MARK + "after");
        } else {
            target.put("type", RAW_MARK);
        }
        if (route.equals("/schedules") && random.nextBoolean()) {
            body.put("name", "n" + RAW_MARK);
        }
        spoil(body, route, random);
        String text = write(body, random);
        if (random.nextInt(4) == 0) {
            text = text.replaceFirst(",", "," + RAW_MARK); // between tokens: malformed
        }
        byte[] raw = pick(random, HostileInput.INVALID_UTF8);
        byte[] bytes = replaceAll(utf8(text), utf8(RAW_MARK), raw);
        String contentType = pick(random, List.of(JSON, JSON + "; charset=utf-8", JSON + "; charset=iso-8859-1"));
        return request(index, "invalid-utf8 " + HexFormat.of().formatHex(raw), "POST", route, withKey(contentType),
                bytes, Set.of(400), false, false);
    }

    /** 10,000 levels of arrays and objects, closed or not, at the top or inside the payload. */
    private FuzzRequest deepNesting(int index, SplittableRandom random) {
        int depth = pick(random, List.of(33, 100, 1000, 10_000, 10_000, 10_000, 50_000));
        boolean objects = random.nextBoolean();
        boolean closed = random.nextInt(4) != 0;
        StringBuilder nested = new StringBuilder(depth * 6);
        for (int i = 0; i < depth; i++) {
            nested.append(objects ? "{\"a\":" : "[");
        }
        nested.append("1");
        if (closed) {
            for (int i = 0; i < depth; i++) {
                nested.append(objects ? "}" : "]");
            }
        }
        String route = pick(random, List.of("/jobs", "/jobs/batch", "/schedules", "/jobs/retry"));
        String body = switch (random.nextInt(3)) {
            case 0 -> nested.toString();
            case 1 -> "{\"type\":\"email.send\",\"payload\":{\"to\":[\"deep@example.com\"],\"subject\":\"s\","
                    + "\"text\":" + nested + "}}";
            default -> "{\"jobs\":[" + nested + "],\"name\":" + nested + "}";
        };
        byte[] bytes = utf8(body);
        return post(index, "deep-nesting " + depth + (closed ? "" : " unclosed"), route, bytes,
                Set.of(bytes.length > LIMIT ? 413 : 400));
    }

    /** Over the 256 KiB limit, at the limit, and megabytes over it. */
    private FuzzRequest hugeBody(int index, SplittableRandom random) {
        String route = pick(random, List.of("/jobs", "/jobs", "/jobs/batch", "/schedules", "/jobs/retry"));
        int size = switch (random.nextInt(8)) {
            case 0 -> LIMIT; // exactly at the limit: parsed, and refused for its spoiled field
            case 1 -> LIMIT + 1;
            case 2 -> LIMIT + 1 + random.nextInt(64 * 1024);
            case 3 -> 10 * 1024 * 1024 + 1 + random.nextInt(1024); // over API Gateway's own limit
            default -> 1024 * 1024 + random.nextInt(4 * 1024 * 1024);
        };
        boolean atLimit = size == LIMIT;
        ObjectNode body = switch (route) {
            case "/jobs/batch" -> batch(random);
            case "/schedules" -> schedule(random);
            case "/jobs/retry" -> retryFilter(random);
            default -> job(random);
        };
        if (atLimit || random.nextBoolean()) {
            spoil(body, route, random);
        }
        ObjectNode padded = route.equals("/jobs/batch") ? (ObjectNode) body.get("jobs").get(0)
                : route.equals("/schedules") ? (ObjectNode) body.get("job") : body;
        String padField = route.equals("/jobs/retry") ? "errorContains" : null;
        if (padField == null && padded.get("payload") instanceof ObjectNode payload) {
            padded = payload;
            padField = payload.has("subject") ? "text" : "url";
        }
        padded.put(padField, "");
        int base = utf8(write(body, random)).length;
        padded.put(padField, "x".repeat(Math.max(0, size - base)));
        byte[] bytes = utf8(write(body, random));
        return post(index, "huge-body " + bytes.length, route, bytes, Set.of(atLimit ? 400 : 413));
    }

    /** Invalid ids, path traversal and injection where a job id belongs; valid ids of nobody's job. */
    private FuzzRequest badJobId(int index, SplittableRandom random) {
        String id;
        boolean validUuid = false;
        switch (random.nextInt(5)) {
            case 0 -> {
                id = UUID.randomUUID().toString();
                validUuid = true;
            }
            case 1 -> id = encodeSegment(HostileInput.anyHostileString(random));
            case 2 -> id = encodeSegment(HostileInput.randomAscii(random, 60));
            default -> id = encodePercentSafely(pick(random, HostileInput.BAD_JOB_IDS));
        }
        if (random.nextInt(20) == 0) {
            id = "0".repeat(random.nextInt(36, 9000));
            validUuid = false;
        }
        if (id.isEmpty()) {
            id = "~"; // "/jobs//retry" is "/jobs/retry", another route
        }
        String suffix = pick(random, JOB_ROUTES_WITH_ID);
        String method = suffix.isEmpty() || suffix.equals("/attempts") ? "GET" : "POST";
        Set<Integer> allowed = validUuid ? Set.of(404) : Set.of();
        byte[] body = random.nextBoolean() ? new byte[0] : utf8(write(job(random), random));
        // Not even a GET may succeed: the tenant has no jobs.
        return request(index, "job-id " + suffix, method, "/jobs/" + id + suffix, withKey(JSON), body, allowed, false,
                false);
    }

    /** Invalid names, path traversal and injection where a schedule name belongs. */
    private FuzzRequest badScheduleName(int index, SplittableRandom random) {
        String name = switch (random.nextInt(4)) {
            case 0 -> "nobody-" + UUID.randomUUID();
            case 1 -> encodeSegment(HostileInput.anyHostileString(random));
            default -> encodePercentSafely(pick(random, HostileInput.BAD_SCHEDULE_NAMES));
        };
        if (name.isEmpty()) {
            name = "~";
        }
        String action = pick(random, SCHEDULE_ACTIONS);
        String method = action.isEmpty() ? (random.nextBoolean() ? "GET" : "DELETE") : "POST";
        return request(index, "schedule-name " + method + action, method, "/schedules/" + name + action, withKey(JSON),
                new byte[0], Set.of(), false, false);
    }

    private FuzzRequest unknownRoute(int index, SplittableRandom random) {
        String path = random.nextInt(4) == 0
                ? "/" + encodeSegment(HostileInput.randomAscii(random, 20)) + "/x/y/z"
                : pick(random, HostileInput.UNKNOWN_PATHS);
        String method = pick(random, List.of("GET", "POST", "PUT", "DELETE", "PATCH"));
        byte[] body = method.equals("GET") ? new byte[0] : utf8(write(job(random), random));
        return request(index, "unknown-route", method, path, withKey(JSON), body, Set.of(404), false, false);
    }

    /** Methods no route has, and methods of another route on a known path. */
    private FuzzRequest wrongMethod(int index, SplittableRandom random) {
        String id = UUID.randomUUID().toString();
        String name = "nobody-" + random.nextInt(1_000_000);
        String method;
        String path;
        if (random.nextInt(3) == 0) {
            String[] wrong = pick(random, List.of(
                    new String[] {"POST", "/jobs/" + id}, new String[] {"POST", "/jobs/" + id + "/attempts"},
                    new String[] {"GET", "/jobs/" + id + "/cancel"}, new String[] {"GET", "/jobs/" + id + "/retry"},
                    new String[] {"DELETE", "/jobs/" + id}, new String[] {"DELETE", "/schedules"},
                    new String[] {"GET", "/schedules/" + name + "/pause"}, new String[] {"POST", "/schedules/" + name},
                    new String[] {"POST", "/stats"}, new String[] {"POST", "/callback-secret"},
                    new String[] {"GET", "/callback-secret/rotate"}, new String[] {"DELETE", "/jobs"},
                    new String[] {"DELETE", "/jobs/retry"}, new String[] {"GET", "/jobs/" + id + "/attempts/"}));
            method = wrong[0];
            path = wrong[1];
            if (path.endsWith("/attempts/")) {
                method = "POST"; // a trailing slash is the same route
            }
        } else {
            method = pick(random, ODD_METHODS);
            path = pick(random, List.of("/jobs", "/jobs/batch", "/jobs/retry", "/jobs/" + id,
                    "/jobs/" + id + "/attempts", "/jobs/" + id + "/cancel", "/jobs/" + id + "/retry", "/schedules",
                    "/schedules/" + name, "/schedules/" + name + "/pause", "/schedules/" + name + "/resume",
                    "/callback-secret", "/callback-secret/rotate", "/stats"));
        }
        byte[] body = random.nextBoolean() || method.equals("HEAD") ? new byte[0] : utf8(write(job(random), random));
        return request(index, "method " + method, method, path, withKey(JSON), body, Set.of(405), false, false);
    }

    /** Valid requests, each of which would change something, without a valid key: all 401, all change nothing. */
    private FuzzRequest badCredentials(int index, SplittableRandom random) {
        String[] route = pick(random, List.of(
                new String[] {"POST", "/jobs"}, new String[] {"POST", "/jobs/batch"},
                new String[] {"POST", "/schedules"}, new String[] {"POST", "/jobs/retry"},
                new String[] {"GET", "/jobs"}, new String[] {"GET", "/stats"}, new String[] {"GET", "/schedules"},
                new String[] {"POST", "/callback-secret/rotate"}, new String[] {"GET", "/callback-secret"},
                new String[] {"DELETE", "/schedules/nobody"}, new String[] {"GET", "/admin"},
                new String[] {"PUT", "/jobs"}, new String[] {"POST", "/jobs/" + UUID.randomUUID() + "/cancel"}));
        byte[] body = switch (route[1]) {
            case "/jobs" -> route[0].equals("GET") ? new byte[0] : utf8(write(job(random), random));
            case "/jobs/batch" -> utf8(write(batch(random), random));
            case "/schedules" -> route[0].equals("GET") ? new byte[0] : utf8(write(schedule(random), random));
            default -> new byte[0];
        };
        List<FuzzRequest.Header> headers = new ArrayList<>();
        headers.add(new FuzzRequest.Header("Content-Type", JSON));
        boolean raw = false;
        String flipped = flip(key, random);
        String otherKey = "jl_" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(random, 32));
        int variant = random.nextInt(26);
        switch (variant) {
            case 0 -> { } // none
            case 1 -> headers.add(authorization(""));
            case 2 -> headers.add(authorization("Bearer"));
            case 3 -> headers.add(authorization("Bearer "));
            case 4 -> headers.add(authorization("Bearer " + key.substring(0, random.nextInt(1, key.length()))));
            case 5 -> headers.add(authorization("Bearer " + flipped));
            case 6 -> headers.add(authorization("Basic " + Base64.getEncoder().encodeToString(utf8("tenant:" + key))));
            case 7 -> headers.add(authorization(key));
            case 8 -> headers.add(authorization("Bearer " + key + pick(random, List.of("!", "\"", ",", ";", "#", ":", "@"))));
            case 9 -> headers.add(authorization("Bearer \"" + key + "\""));
            case 10 -> headers.add(authorization("Bearer " + key + ",Bearer " + key));
            case 11 -> {
                headers.add(authorization("Bearer " + key));
                headers.add(authorization("Bearer " + otherKey));
            }
            case 12 -> {
                headers.add(authorization("Bearer " + key));
                headers.add(authorization("Bearer " + key));
            }
            case 13 -> headers.add(authorization("Bearer " + "A".repeat(random.nextInt(201, 6000))));
            case 14 -> headers.add(authorization("Bearer " + otherKey));
            // Not "Bearer<TAB>": the JDK's HTTP server turns header tabs into spaces, so that one is a valid key.
            case 15 -> headers.add(authorization(pick(random, List.of("Token ", "Bearer:", "Bearer=",
                    "Bearer,", "JWT ", "Bearer_", "Beare ")) + key));
            case 16 -> headers.add(authorization("Bearer " + key + " " + key));
            case 17 -> headers.add(authorization("Bearer " + pick(random, HostileInput.SQL_INJECTION)));
            case 18 -> headers.add(authorization("Bearer " + key + "="));
            case 19 -> headers.add(authorization("Bearer " + key.toUpperCase(java.util.Locale.ROOT)));
            case 20 -> headers.add(new FuzzRequest.Header("X-Api-Key", key));
            case 21 -> headers.add(authorization("Bearer " + HostileInput.randomAscii(random, 80)));
            default -> {
                // Bytes HttpClient will not send: non-ASCII and control characters around the key.
                raw = true;
                String garbled = switch (random.nextInt(6)) {
                    case 0 -> "Bearer " + key + "\u00ff";
                    case 1 -> "Bearer \u00e9" + key;
                    case 2 -> "B\u00e9arer " + key;
                    case 3 -> "Bearer \u0000" + key;
                    case 4 -> "Bearer " + key + "\u0085";
                    default -> "Bearer " + HostileInput.latin1(pick(random, HostileInput.INVALID_UTF8)) + key;
                };
                headers.add(authorization(garbled));
            }
        }
        if (variant != 11 && variant != 12 && variant != 20 && random.nextInt(10) == 0) {
            headers.add(authorization("Bearer " + otherKey)); // a second header makes any first one invalid too
        }
        // The operator's routes may not exist at all (no admin key configured): not found is as good as refused.
        Set<Integer> allowed = route[1].startsWith("/admin") ? Set.of(401, 404) : Set.of(401);
        return request(index, "credentials variant " + variant, route[0], route[1], headers, body, allowed, false,
                raw);
    }

    /** Valid bodies under a media type that is not JSON: 415, and nothing stored. */
    private FuzzRequest wrongContentType(int index, SplittableRandom random) {
        String route = pick(random, List.of("/jobs", "/jobs/batch", "/schedules", "/jobs/retry"));
        ObjectNode body = switch (route) {
            case "/jobs/batch" -> batch(random);
            case "/schedules" -> schedule(random);
            case "/jobs/retry" -> retryFilter(random);
            default -> job(random);
        };
        String contentType = pick(random, List.of("", "text/plain", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/xml", "application/jsonp", "application/json5",
                "json", "application", "*/*", "application/*", "text/json", "application/javascript", "image/png",
                "application/octet-stream", "APPLICATION/XML", "text/html; charset=utf-8", "application/ json",
                "application/x-json", "application/jsonx", "text/x-json", "application/json-seq"));
        List<FuzzRequest.Header> headers = new ArrayList<>();
        headers.add(authorization("Bearer " + key));
        if (!contentType.isEmpty()) {
            headers.add(new FuzzRequest.Header("Content-Type", contentType));
        }
        if (random.nextInt(5) == 0) {
            // Two Content-Type headers: joined, they are not one media type.
            headers.add(new FuzzRequest.Header("Content-Type", JSON));
            spoil(body, route, random);
            return request(index, "content-type twice", "POST", route, headers, utf8(write(body, random)),
                    Set.of(), false, false);
        }
        return request(index, "content-type " + contentType, "POST", route, headers, utf8(write(body, random)),
                Set.of(415), false, false);
    }

    /** Hostile query strings on the listing and everywhere else. */
    private FuzzRequest hostileQuery(int index, SplittableRandom random) {
        if (random.nextInt(4) == 0) {
            // NUL alone in one listing parameter: PostgreSQL's text cannot hold it, so it must be refused before SQL.
            String name = pick(random, List.of("status", "type", "createdAfter", "createdBefore", "limit", "cursor"));
            String value = pick(random, List.of("\u0000", "a\u0000b", "email.send\u0000", "failed\u0000"));
            return request(index, "query nul in " + name, "GET", "/jobs?" + name + "=" + encodeQuery(value),
                    withKey(JSON), new byte[0], Set.of(), true, false);
        }
        String path = pick(random, List.of("/jobs", "/jobs", "/jobs", "/stats", "/schedules",
                "/jobs/" + UUID.randomUUID(), "/health", "/openapi.json"));
        List<String> pairs = new ArrayList<>();
        // Often one parameter alone: with several, one bad value stops the request before the others are used.
        int count = random.nextBoolean() ? 1 : 2 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            String name = pick(random, List.of("status", "type", "type", "createdAfter", "createdBefore", "limit",
                    "cursor", "stauts", "tenant", "tenant_id", "", "status[]"));
            String value = switch (random.nextInt(7)) {
                case 6 -> pick(random, List.of("\u0000", "a\u0000b", "email.send\u0000", "failed\u0000"));
                case 0 -> HostileInput.anyHostileString(random);
                case 1 -> HostileInput.randomUnicode(random, 30);
                case 2 -> pick(random, List.of("-1", "0", "1001", "99999999999999999999", "1e3", "NaN", " 5",
                        "failed", "queued", "FAILED", "2026-11-22T10:00:00Z", "0000-01-01T00:00:00Z",
                        "+999999999-12-31T23:59:59Z", "2026-11-22T10:00:00+01:00", "email.send"));
                case 3 -> cursor(random);
                case 4 -> Base64.getUrlEncoder().encodeToString(randomBytes(random, random.nextInt(60)));
                default -> HostileInput.randomAscii(random, 50);
            };
            pairs.add(encodeQuery(name) + "=" + encodeQuery(value));
        }
        String query = String.join("&", pairs);
        return request(index, "query " + path.replaceAll("/[0-9a-f-]{36}", "/{id}"), "GET", path + "?" + query,
                withKey(JSON), new byte[0], Set.of(), true, false);
    }

    /** A cursor of the listing's own format, with random times and ids: decodes, but is nobody's page. */
    private static String cursor(SplittableRandom random) {
        ByteBuffer bytes = ByteBuffer.allocate(29).put((byte) random.nextInt(3));
        bytes.putLong(random.nextLong()).putInt(random.nextInt()).putLong(random.nextLong()).putLong(random.nextLong());
        if (random.nextBoolean()) {
            bytes.putLong(1, random.nextLong(0, 253_402_300_799L)).putInt(9, random.nextInt(0, 1_000_000_000));
            bytes.put(0, (byte) 1);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /** Valid JSON followed by more text: not one JSON document, so malformed. */
    private FuzzRequest trailingGarbage(int index, SplittableRandom random) {
        String route = pick(random, List.of("/jobs", "/jobs/batch", "/schedules"));
        ObjectNode body = switch (route) {
            case "/jobs/batch" -> batch(random);
            case "/schedules" -> schedule(random);
            default -> job(random);
        };
        String garbage = pick(random, List.of(" x", "}", "]", "{}", ",", "\"", " {\"type\":\"webhook.post\"}",
                "garbage", ";DROP TABLE jobs", "\u0000", "//"));
        return post(index, "trailing-garbage", route, utf8(write(body, random) + garbage), Set.of(400));
    }

    /** The operator's routes, called with a tenant's key: refused, and no tenant, key or quota changes. */
    private FuzzRequest adminWithTenantKey(int index, SplittableRandom random) {
        String[] route = pick(random, List.of(
                new String[] {"POST", "/admin/tenants", "{\"name\":\"mallory\"}"},
                new String[] {"GET", "/admin/tenants", ""},
                new String[] {"POST", "/admin/tenants/mallory/keys", "{}"},
                new String[] {"GET", "/admin/tenants/mallory/keys", ""},
                new String[] {"DELETE", "/admin/keys/000000000000", ""},
                new String[] {"PUT", "/admin/tenants/mallory/quotas", "{\"requestsPerSecond\":100000}"},
                new String[] {"GET", "/admin", ""}));
        return request(index, "admin " + route[0] + " " + route[1], route[0], route[1], withKey(JSON),
                utf8(route[2]), Set.of(), false, false);
    }

    /** Header injection and oddities in the headers themselves, with a spoiled body. */
    private FuzzRequest hostileHeaders(int index, SplittableRandom random) {
        ObjectNode body = job(random);
        spoil(body, "/jobs", random);
        List<FuzzRequest.Header> headers = new ArrayList<>(withKey(JSON));
        boolean raw = random.nextInt(3) == 0;
        String value = raw ? HostileInput.latin1(pick(random, HostileInput.INVALID_UTF8)) + "x"
                : HostileInput.randomAscii(random, 200);
        headers.add(new FuzzRequest.Header(pick(random, List.of("Idempotency-Key", "X-Forwarded-For", "Cookie",
                "X-Amzn-Trace-Id", "Host-Override", "X-Request-Id", "Accept", "Accept-Encoding", "Origin",
                "Transfer-Encoding-X", "If-None-Match", "X-HTTP-Method-Override")), value));
        return request(index, "headers", "POST", "/jobs", headers, utf8(write(body, random)), Set.of(400), false,
                raw);
    }

    // ------------------------------------------------------------------------------------------------------------
    // The accepted phase
    // ------------------------------------------------------------------------------------------------------------

    /**
     * Request {@code index} of the accepted phase: a valid job, batch or schedule carrying hostile text where any text
     * is allowed. Answers 2xx, or 400 when the text is one the API may refuse (NUL, lone surrogates).
     */
    FuzzRequest acceptable(int index) {
        SplittableRandom random = random(index, 2);
        List<String> used = new ArrayList<>();
        Function<Boolean, String> hostile = lenient -> {
            String text = switch (random.nextInt(4)) {
                case 0 -> pick(random, HostileInput.SQL_INJECTION);
                case 1 -> pick(random, HostileInput.UNICODE);
                case 2 -> HostileInput.randomUnicode(random, 30);
                default -> pick(random, HostileInput.SQL_INJECTION) + pick(random, HostileInput.UNICODE);
            };
            if (!lenient) {
                text = text.replace("\r", "").replace("\n", "");
            }
            used.add(text);
            return text;
        };
        int kind = random.nextInt(10);
        boolean oddCron = false;
        String route;
        ObjectNode body;
        List<FuzzRequest.Header> headers = new ArrayList<>(withKey(JSON));
        if (kind < 6) {
            route = "/jobs";
            body = hostileEmailJob(random, hostile);
            if (random.nextInt(3) == 0) {
                String idempotencyKey = pick(random, List.of("'OR'1'='1'--", "';DROP/**/TABLE/**/jobs;--",
                        "\"||pg_sleep(10)--", "%_%\\", "${jndi:x}", "<script>")) + "-" + UUID.randomUUID();
                if (random.nextBoolean()) {
                    body.put("idempotencyKey", idempotencyKey);
                } else {
                    headers.add(new FuzzRequest.Header("Idempotency-Key", idempotencyKey));
                }
            }
        } else if (kind < 8) {
            route = "/jobs/batch";
            body = NODES.objectNode();
            ArrayNode jobs = body.putArray("jobs");
            int size = 1 + random.nextInt(3);
            for (int i = 0; i < size; i++) {
                jobs.add(hostileEmailJob(random, hostile));
            }
        } else {
            route = "/schedules";
            body = NODES.objectNode();
            body.put("name", "fuzz-" + UUID.randomUUID());
            String cron = random.nextInt(3) == 0
                    // Odd expressions a cron library may take or refuse, but must not answer with a 500 or a hang.
                    ? pick(random, List.of("*/0 * * * *", "1-0 * * * *", "0 0 ? * *", "0 0 * * 1#6", "0 0 L * *",
                            "* * * * MON-", "0 0 30 2 *", "0 0 31 4,6,9,11 *", "0 0 1 1 */7", "0/0 * * * *",
                            "0 0 */100 * *", "0 0 1 1 7-0", "0 0 1,1,1,1 1 *", "0-59/61 * * * *"))
                    : pick(random, List.of("0 0 1 1 *", "0 0 29 2 *", "30 2 * 3 SUN", "59 23 31 12 *",
                            "0 2 1 1 MON", "15 3 1 1 *", "0 0 1 JAN *", "@yearly", "@annually", " 0   0  1 1 * ",
                            "0 0 1-1 1 *"));
            oddCron = !List.of("0 0 1 1 *", "0 0 29 2 *", "30 2 * 3 SUN", "59 23 31 12 *", "0 2 1 1 MON",
                    "15 3 1 1 *", "0 0 1 JAN *", "@yearly", "@annually", " 0   0  1 1 * ", "0 0 1-1 1 *")
                    .contains(cron);
            body.put("cron", cron);
            body.put("timezone", pick(random, TIMEZONES));
            ObjectNode job = hostileEmailJob(random, hostile);
            job.remove("idempotencyKey");
            body.set("job", job);
        }
        boolean questionable = oddCron || used.stream().anyMatch(HostileRequests::isQuestionable);
        Set<Integer> allowed = route.equals("/schedules") ? Set.of(201) : Set.of(202);
        if (questionable) {
            allowed = route.equals("/schedules") ? Set.of(201, 400) : Set.of(202, 400);
        }
        String text = write(body, random);
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FuzzRequest(index, "accepted " + route, "POST", route, headers, utf8(text), allowed, false, false,
                parsed);
    }

    /** Text the API may refuse instead of storing: NUL (PostgreSQL's text cannot hold it) and lone surrogates. */
    static boolean isQuestionable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return true;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static ObjectNode hostileEmailJob(SplittableRandom random, Function<Boolean, String> hostile) {
        ObjectNode payload = NODES.objectNode();
        ArrayNode to = payload.putArray("to");
        to.add("fuzz+" + random.nextInt(1_000_000) + "@example.com");
        if (random.nextBoolean()) {
            // Anything but <, > and " may stand in a display name.
            to.add(hostile.apply(false).replaceAll("[<>\"]", "") + " <fuzz-named@example.com>");
        }
        if (random.nextBoolean()) {
            payload.putArray("replyTo").add(hostile.apply(false).replaceAll("[<>\"]", "") + " <r@example.com>");
        }
        payload.put("subject", "S " + hostile.apply(false));
        if (random.nextInt(3) != 0) {
            payload.put("text", hostile.apply(true));
        }
        if (!payload.has("text") || random.nextBoolean()) {
            payload.put("html", "<p>" + hostile.apply(true) + "</p>");
        }
        ObjectNode job = NODES.objectNode();
        job.put("type", "email.send");
        job.set("payload", payload);
        if (random.nextBoolean()) {
            job.put("priority", random.nextBoolean() ? "high" : "normal");
        }
        if (random.nextBoolean()) {
            job.put("maxAttempts", random.nextInt(1, 21));
        }
        return job;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Valid bodies, violations, and JSON surgery
    // ------------------------------------------------------------------------------------------------------------

    private static ObjectNode job(SplittableRandom random) {
        ObjectNode job = NODES.objectNode();
        if (random.nextInt(4) == 0) {
            job.put("type", "webhook.post");
            ObjectNode payload = job.putObject("payload");
            payload.put("url", "https://hooks.example.com/in/" + random.nextInt(1000));
            if (random.nextBoolean()) {
                payload.putObject("headers").put("X-Fuzz", "1");
            }
            if (random.nextBoolean()) {
                payload.putObject("body").put("n", random.nextInt());
            }
            if (random.nextBoolean()) {
                payload.put("timeoutSeconds", random.nextInt(1, 31));
            }
        } else {
            job.put("type", "email.send");
            ObjectNode payload = job.putObject("payload");
            payload.putArray("to").add("fuzz+" + random.nextInt(1_000_000) + "@example.com");
            payload.put("subject", "Fuzz " + random.nextInt(1000));
            payload.put("text", "Hello from the fuzz test");
            if (random.nextInt(4) == 0) {
                payload.putArray("cc").add("Cc Person <cc@example.com>");
            }
            if (random.nextInt(4) == 0) {
                payload.putArray("bcc").add("bcc@example.com");
            }
            if (random.nextInt(4) == 0) {
                payload.putArray("replyTo").add("reply@example.com");
            }
            if (random.nextInt(4) == 0) {
                payload.put("from", "Jobline <jobline@example.com>");
            }
            if (random.nextInt(4) == 0) {
                payload.put("html", "<p>Hello</p>");
            }
        }
        if (random.nextInt(3) == 0) {
            job.put("maxAttempts", random.nextInt(1, 21));
        }
        if (random.nextInt(3) == 0) {
            job.put("priority", random.nextBoolean() ? "high" : "normal");
        }
        if (random.nextInt(4) == 0) {
            job.set("backoff", object("type", "exponential", "baseSeconds", 2, "maxSeconds", 900));
        }
        if (random.nextInt(5) == 0) {
            job.put("callbackUrl", "https://hooks.example.com/callback");
        }
        if (random.nextInt(5) == 0) {
            job.put("delaySeconds", random.nextInt(0, 600));
        } else if (random.nextInt(5) == 0) {
            job.put("runAt", "2026-01-01T00:00:00Z");
        }
        return job;
    }

    private static ObjectNode batch(SplittableRandom random) {
        ObjectNode batch = NODES.objectNode();
        ArrayNode jobs = batch.putArray("jobs");
        int size = 1 + random.nextInt(4);
        for (int i = 0; i < size; i++) {
            jobs.add(job(random));
        }
        return batch;
    }

    private static ObjectNode schedule(SplittableRandom random) {
        ObjectNode schedule = NODES.objectNode();
        schedule.put("name", "fuzz-schedule-" + random.nextInt(1_000_000));
        schedule.put("cron", pick(random, List.of("0 9 * * MON-FRI", "*/5 * * * *", "0 0 1 1 *", "@daily")));
        if (random.nextBoolean()) {
            schedule.put("timezone", pick(random, TIMEZONES));
        }
        ObjectNode job = job(random);
        job.remove("delaySeconds");
        job.remove("runAt");
        job.remove("idempotencyKey");
        schedule.set("job", job);
        return schedule;
    }

    private static ObjectNode retryFilter(SplittableRandom random) {
        ObjectNode filter = NODES.objectNode();
        if (random.nextBoolean()) {
            filter.put("type", "email.send");
        }
        if (random.nextBoolean()) {
            filter.put("failedSince", "2026-01-01T00:00:00Z");
        }
        if (random.nextBoolean()) {
            filter.put("errorContains", "timeout");
        }
        if (random.nextBoolean()) {
            filter.put("limit", random.nextInt(1, 1001));
        }
        return filter;
    }

    /**
     * Adds one violation no other change can cure: a field the route does not know. A batch ignores its own unknown
     * fields, so there it goes into a job.
     */
    private static void spoil(ObjectNode body, String route, SplittableRandom random) {
        ObjectNode target = body;
        if (route.equals("/jobs/batch") && body.get("jobs") instanceof ArrayNode jobs && !jobs.isEmpty()
                && jobs.get(jobs.size() - 1) instanceof ObjectNode last) {
            target = last;
        }
        JsonNode value = switch (random.nextInt(4)) {
            case 0 -> NODES.textNode("x");
            case 1 -> NODES.numberNode(1);
            case 2 -> NODES.nullNode();
            default -> NODES.objectNode();
        };
        target.set("unknownFuzzField" + random.nextInt(100), value);
    }

    private static List<Field> jobFields(ObjectNode job) {
        List<Field> fields = new ArrayList<>(JOB_FIELDS);
        fields.addAll("webhook.post".equals(job.path("type").textValue()) ? WEBHOOK_FIELDS : EMAIL_FIELDS);
        return fields;
    }

    /** A value of a JSON type {@code field} must not have; null means "leave the required field out". */
    private static JsonNode wrongValue(Field field, SplittableRandom random) {
        List<JsonNode> choices = new ArrayList<>();
        JsonNode bigInteger = NODES.numberNode(new BigInteger("123456789012345678901234567890"));
        switch (field.kind()) {
            case STRING -> choices.addAll(List.of(NODES.numberNode(0), NODES.numberNode(-1), NODES.numberNode(3.14),
                    NODES.booleanNode(true), NODES.booleanNode(false), NODES.arrayNode(),
                    NODES.arrayNode().add("x"), NODES.objectNode(), object("a", "b"), bigInteger));
            case INT -> choices.addAll(List.of(NODES.textNode("5"), NODES.textNode(""), NODES.textNode("1e3"),
                    NODES.numberNode(5.5), NODES.numberNode(5.0), NODES.numberNode(1e2), NODES.booleanNode(true),
                    NODES.arrayNode(), NODES.arrayNode().add(5), NODES.objectNode(), object("value", 5),
                    NODES.numberNode(2_147_483_648L), NODES.numberNode(-2_147_483_649L), bigInteger,
                    NODES.numberNode(Double.MAX_VALUE)));
            case OBJECT -> choices.addAll(List.of(NODES.textNode("x"), NODES.textNode("{}"), NODES.numberNode(1),
                    NODES.booleanNode(true), NODES.arrayNode(), NODES.arrayNode().add(NODES.objectNode())));
            case STRING_ARRAY -> choices.addAll(List.of(NODES.textNode("a@example.com"), NODES.numberNode(1),
                    NODES.booleanNode(true), NODES.objectNode(), object("0", "a@example.com"),
                    NODES.arrayNode().add(1), NODES.arrayNode().addNull(), NODES.arrayNode().add(NODES.arrayNode()),
                    NODES.arrayNode().add(NODES.objectNode()), NODES.arrayNode().add(true),
                    NODES.arrayNode().add("a@example.com").add(2)));
            case ARRAY -> choices.addAll(List.of(NODES.objectNode(), NODES.textNode("x"), NODES.numberNode(1),
                    NODES.arrayNode(), NODES.arrayNode().add(1).add("x").addNull(), hundredAndOneJobs()));
        }
        if (field.required()) {
            choices.add(NODES.nullNode());
            choices.add(null);
        }
        return pick(random, choices);
    }

    private static ArrayNode hundredAndOneJobs() {
        ArrayNode jobs = NODES.arrayNode();
        for (int i = 0; i < 101; i++) {
            ObjectNode job = jobs.addObject().put("type", "email.send");
            job.putObject("payload").put("subject", "s").put("text", "t").putArray("to").add("a@example.com");
        }
        return jobs;
    }

    private static ArrayNode addresses(int count) {
        ArrayNode list = NODES.arrayNode();
        for (int i = 0; i < count; i++) {
            list.add("a" + i + "@example.com");
        }
        return list;
    }

    private static ObjectNode object(Object... namesAndValues) {
        ObjectNode node = NODES.objectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            node.set((String) namesAndValues[i], PLAIN.valueToTree(namesAndValues[i + 1]));
        }
        return node;
    }

    private static void set(ObjectNode root, String path, JsonNode value) {
        String[] parts = path.split("/");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            node = child instanceof ObjectNode object ? object : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], value);
    }

    private static void remove(ObjectNode root, String path) {
        String[] parts = path.split("/");
        JsonNode node = root;
        for (int i = 0; i < parts.length - 1 && node != null; i++) {
            node = node.get(parts[i]);
        }
        if (node instanceof ObjectNode parent) {
            parent.remove(parts[parts.length - 1]);
        }
    }

    /** One small break that makes JSON text unparseable, most of the time. */
    private static byte[] breakJson(byte[] json, SplittableRandom random) {
        String text = new String(json, StandardCharsets.UTF_8);
        int at = random.nextInt(Math.max(1, text.length()));
        String broken = switch (random.nextInt(8)) {
            case 0 -> text.substring(0, at);
            case 1 -> text.substring(0, at) + text.substring(Math.min(text.length(), at + 1));
            case 2 -> text.substring(0, at) + pick(random, List.of("{", "}", "[", "]", "\"", ",", ":", "\\", "'"))
                    + text.substring(at);
            case 3 -> text.replace('"', '\'');
            case 4 -> text.replaceFirst("}$", ",}");
            case 5 -> text.replace(":", "=");
            case 6 -> text.substring(0, at) + "\u0000" + text.substring(at);
            default -> new StringBuilder(text).reverse().toString();
        };
        return utf8(broken);
    }

    private static String write(JsonNode node, SplittableRandom random) {
        try {
            if (random.nextBoolean() || isQuestionable(node.toString())) {
                return ESCAPING.writeValueAsString(node);
            }
            return PLAIN.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private FuzzRequest post(int index, String category, String route, byte[] body, Set<Integer> allowed) {
        return request(index, category, "POST", route, withKey(JSON), body, allowed, false, false);
    }

    private static FuzzRequest request(int index, String category, String method, String path,
            List<FuzzRequest.Header> headers, byte[] body, Set<Integer> allowed, boolean harmless, boolean raw) {
        return new FuzzRequest(index, category, method, path, List.copyOf(headers), body, allowed, harmless, raw,
                null);
    }

    private List<FuzzRequest.Header> withKey(String contentType) {
        return List.of(authorization("Bearer " + key), new FuzzRequest.Header("Content-Type", contentType));
    }

    private static FuzzRequest.Header authorization(String value) {
        return new FuzzRequest.Header("Authorization", value);
    }

    /** The key with one character changed to another of its alphabet: the right shape, nobody's key. */
    private static String flip(String key, SplittableRandom random) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int at = random.nextInt(3, key.length());
        char replacement;
        do {
            replacement = alphabet.charAt(random.nextInt(alphabet.length()));
        } while (replacement == key.charAt(at));
        return key.substring(0, at) + replacement + key.substring(at + 1);
    }

    /** Percent-encodes everything but unreserved characters: a path segment any URI parser accepts. */
    static String encodeSegment(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (Character.isLetterOrDigit(c) && c < 0x80 || c == '-' || c == '.' || c == '_' || c == '~') {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(String.format("%02X", c));
            }
        }
        return encoded.toString();
    }

    private static String encodeQuery(String text) {
        return encodeSegment(text);
    }

    /** Keeps the corpus's own escapes; a '%' that starts no valid escape, or any unsafe character, is encoded. */
    static String encodePercentSafely(String text) {
        StringBuilder encoded = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && isHex(text, i + 1) && isHex(text, i + 2)) {
                encoded.append(c);
            } else if (c < 0x80 && (Character.isLetterOrDigit(c) || "/-._~!$&'()*+,;=:@".indexOf(c) >= 0)) {
                encoded.append(c);
            } else {
                encoded.append(encodeSegment(String.valueOf(c)));
            }
        }
        return encoded.toString();
    }

    private static boolean isHex(String text, int at) {
        return at < text.length() && Character.digit(text.charAt(at), 16) >= 0;
    }

    private static boolean isPrintableAscii(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    private static byte[] randomBytes(SplittableRandom random, int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] replaceAll(byte[] haystack, byte[] needle, byte[] replacement) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(haystack.length);
        int i = 0;
        while (i < haystack.length) {
            if (i + needle.length <= haystack.length && matchesAt(haystack, needle, i)) {
                out.writeBytes(replacement);
                i += needle.length;
            } else {
                out.write(haystack[i++]);
            }
        }
        return out.toByteArray();
    }

    private static boolean matchesAt(byte[] haystack, byte[] needle, int at) {
        for (int j = 0; j < needle.length; j++) {
            if (haystack[at + j] != needle[j]) {
                return false;
            }
        }
        return true;
    }

    private static <T> T pick(SplittableRandom random, List<T> choices) {
        return HostileInput.pick(random, choices);
    }
}
