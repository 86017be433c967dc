package io.jobline.local;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What attackers and broken clients send: SQL and header injection, unicode edge cases, path tricks and garbled
 * credentials. None of it contains a {@link #STACK_TRACE_MARKERS marker}, because error messages may echo input and
 * the fuzz test looks for those markers in every answer.
 */
final class HostileInput {

    /** Text that only an exception or a driver error would put in a response body. */
    static final List<String> STACK_TRACE_MARKERS = List.of(
            "Exception", "\tat ", "java.", "javax.", "org.postgresql", "com.fasterxml", "io.jobline.", "Caused by",
            "PSQL", "SQLState", "SQLSTATE", "org.elasticmq", "software.amazon", "io.lettuce", "redis.clients");

    static final List<String> SQL_INJECTION = List.of(
            "' OR '1'='1",
            "' OR 1=1 --",
            "'; DROP TABLE jobs; --",
            "\"; DROP TABLE schedules; --",
            "1; DELETE FROM jobs WHERE 1=1",
            "' UNION SELECT key_hash, tenant_id FROM api_keys --",
            "'||pg_sleep(10)--",
            "'); SELECT pg_sleep(10); --",
            "$$; TRUNCATE jobs CASCADE; $$",
            "%' AND 1=1 --",
            "\\'; UPDATE jobs SET status = 'succeeded'; --",
            "1' AND (SELECT count(*) FROM tenants) > 0 --",
            "' OR tenant_id IS NOT NULL --",
            "E'\\x27' OR true",
            "admin'--",
            "') ; COMMIT; DROP TABLE jobs CASCADE; --",
            "%_%",
            "\\\\",
            "'",
            "''",
            "\"",
            "`",
            "jobs WHERE 1=1",
            "0x27; SELECT 1",
            "${jndi:ldap://127.0.0.1:1/a}",
            "{{7*7}}${7*7}<%= 7*7 %>",
            "<script>alert(1)</script>",
            "'; COPY jobs TO PROGRAM 'id'; --",
            "'::jsonb || '{\"status\":\"succeeded\"}'",
            "?", "$1", ":name", "%s%s%s%n");

    static final List<String> HEADER_INJECTION = List.of(
            "a\r\nBcc: eve@example.com",
            "x\nSubject: injected",
            "\r\n\r\n<html>smuggled</html>",
            "a\rb",
            "ada@example.com\r\nBcc: eve@example.com",
            "Ada <ada@example.com>\nX-Injected: 1",
            "ada@example.com\nCc: eve@example.com",
            "\r\nContent-Type: text/html",
            "Report\r\n",
            "\nada@example.com",
            "ada@example.com\r",
            "Ada\r\n <ada@example.com>");

    /** Characters that break naive code: NUL, lone and reversed surrogates, direction marks, noncharacters, emoji. */
    static final List<String> UNICODE = List.of(
            "\u0000",
            "a\u0000b",
            "\ud800",
            "\udfff",
            "x\udc00\ud800y",
            "\ud83d",
            "\ud83d\ude00",
            "\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\u200d\ud83d\udc66",
            "\u202eevil.exe\u202c",
            "\u200f\u200e\u200b\u2060",
            "\ufeffBOM",
            "\ufffe\uffff",
            "e\u0301\u0301\u0301\u0301",
            "Z\u0334\u0321\u0322a\u0337l\u0336g\u0335o\u0338",
            "\u0085NEL",
            "\u2028\u2029",
            "\ud835\udd73\ud835\udd8a\ud835\udd91\ud835\udd91\ud835\udd94",
            "\u4e2d\u6587",
            "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
            "\u00a0\u3000",
            "\t",
            "\u001b[31mred\u001b[0m",
            "\u007f\u0080\u009f",
            "\ud800\udc00",
            "\udbff\udfff",
            "\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\u000b\f\u000e\u000f\u0010\u001f");

    /** Byte sequences that are not UTF-8: overlong forms, encoded surrogates, stray continuation bytes. */
    static final List<byte[]> INVALID_UTF8 = List.of(
            bytes(0xC0, 0xAF),
            bytes(0xC0, 0x80),
            bytes(0xE0, 0x80, 0xAF),
            bytes(0xF0, 0x80, 0x80, 0xAF),
            bytes(0xF8, 0x88, 0x80, 0x80, 0x80),
            bytes(0xFC, 0x84, 0x80, 0x80, 0x80, 0x80),
            bytes(0xED, 0xA0, 0x80),
            bytes(0xED, 0xBF, 0xBF),
            bytes(0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80),
            bytes(0x80),
            bytes(0xBF, 0xBF),
            bytes(0xFE, 0xFF),
            bytes(0xFF),
            bytes(0xF4, 0x90, 0x80, 0x80),
            bytes(0xE2, 0x82),
            bytes(0xC1, 0xBF));

    /** Job ids as an attacker or a broken client writes them; a few are valid UUIDs of nobody's job. */
    static final List<String> BAD_JOB_IDS = List.of(
            "..", "../..", "../../etc/passwd", "..%2f..%2fschedules", "%2e%2e", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "....//....//", "%00", "%ff", "%c0%af", "%e2%80%ae", ".", "%20", "null", "undefined", "0", "-1",
            "00000000-0000-0000-0000-000000000000", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
            "{00000000-0000-0000-0000-000000000000}", "00000000000000000000000000000000",
            "0000000-00000-0000-0000-000000000000", "00000000-0000-0000-0000-0000000000000",
            "00000000-0000-0000-0000-00000000000g", "g0000000-0000-0000-0000-000000000000",
            "1-1-1-1-1", "1-1-1-1-11111111111111111111111111111", "+0000000-0000-0000-0000-000000000000",
            "00000000-0000-0000-0000-000000000000%00", "urn:uuid:00000000-0000-0000-0000-000000000000",
            "' OR '1'='1", "1%27%20OR%20%271%27%3D%271", "%27%3B%20DROP%20TABLE%20jobs%3B%20--", "%22", "%5C",
            "%0d%0aX-Injected:%201", "%e2%80%8f", "%f0%9f%98%80", "%ed%a0%80", "%25", "%2525", "~", "*", "jobs",
            "retry", "batch", "%u0000");

    static final List<String> BAD_SCHEDULE_NAMES = List.of(
            "..", "../..", "..%2f..%2fjobs", "%2e%2e", ".", "-", "_", ".hidden", "-x", "a%20b", "a%2fb", "%00",
            "%27%20OR%20%271%27%3D%271", "%22%3B%20DROP%20TABLE%20schedules%3B%20--", "a%0d%0aX:1", "%e2%80%ae",
            "%f0%9f%98%80", "%c0%af", "%ff", "%25", "*", "~", "a*", "a?b", "daily-report%3F", "a%2Fb",
            "1".repeat(101), "a".repeat(5000), "%2e");

    /** Paths that match no route under any method. */
    static final List<String> UNKNOWN_PATHS = List.of(
            "/v1/jobs", "/JOBS", "/Jobs/batch", "/.env", "/.git/config", "/actuator/health", "/favicon.ico",
            "/jobs/a/b/c", "/jobs/x/attempts/y", "/schedules/a/b/c", "/stats/x", "/callback-secret/x/y",
            "/%2e%2e/%2e%2e/etc/passwd", "/jobs/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/graphql", "/api/jobs",
            "/jobs.json", "/schedule", "/job", "/jobs%00", "/%e2%80%ae", "/wp-login.php", "/cgi-bin/test.cgi",
            "/jobs/retry/now", "/jobs/batch/1", "/schedules/x/pause/now", "/callback-secrets");

    private HostileInput() {}

    static <T> T pick(SplittableRandom random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    /** Any hostile string, from every corpus. */
    static String anyHostileString(SplittableRandom random) {
        return switch (random.nextInt(5)) {
            case 0, 1 -> pick(random, SQL_INJECTION);
            case 2 -> pick(random, HEADER_INJECTION);
            case 3 -> pick(random, UNICODE);
            default -> pick(random, SQL_INJECTION) + pick(random, UNICODE) + pick(random, HEADER_INJECTION);
        };
    }

    /** Random characters from the whole BMP and beyond, surrogates included. */
    static String randomUnicode(SplittableRandom random, int maxLength) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(4)) {
                case 0 -> text.append((char) random.nextInt(0x20, 0x7f));
                case 1 -> text.append((char) random.nextInt(0x00, 0x20));
                case 2 -> text.append((char) random.nextInt(0x80, 0x10000));
                default -> text.appendCodePoint(random.nextInt(0x10000, 0x110000));
            }
        }
        return withoutMarkers(text.toString());
    }

    /** Random printable ASCII, the alphabet of most hand-written garbage. */
    static String randomAscii(SplittableRandom random, int maxLength) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            text.append((char) random.nextInt(0x20, 0x7f));
        }
        return withoutMarkers(text.toString());
    }

    /** Breaks up any marker a random string happened to spell, so that echoed input is never taken for a trace. */
    static String withoutMarkers(String text) {
        String result = text;
        for (String marker : STACK_TRACE_MARKERS) {
            result = result.replace(marker, marker.substring(0, 1) + "_" + marker.substring(1));
        }
        return result;
    }

    static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
