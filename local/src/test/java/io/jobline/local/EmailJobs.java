package io.jobline.local;

import io.jobline.JobSpec;
import io.jobline.Json;
import java.util.UUID;

/**
 * Email jobs as the integration tests submit them: subject "s", text "t" and one recipient, each test's own, so that
 * the SES stand-in's count for an address is the count for one job.
 */
final class EmailJobs {

    private EmailJobs() {}

    /** The body of {@code POST /jobs}. */
    static String email(String to) {
        return email(to, "");
    }

    /** The body of {@code POST /jobs} with more fields, {@code extra} starting with a comma. */
    static String email(String to, String extra) {
        return "{\"type\":\"email.send\",\"payload\":{\"to\":[\"" + to + "\"],\"subject\":\"s\",\"text\":\"t\"}"
                + extra + "}";
    }

    /** The same job for writing a row directly, as a job store sees it. */
    static JobSpec spec(String to) {
        var payload = Json.MAPPER.createObjectNode().put("subject", "s").put("text", "t");
        payload.putArray("to").add(to);
        return new JobSpec("email.send", payload, 5);
    }

    /** {@code name+<8 random hex digits>@example.com}: an address no other test or run sends to. */
    static String address(String name) {
        return name + "+" + shortId() + "@example.com";
    }

    static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
