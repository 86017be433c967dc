package io.jobline;

import com.fasterxml.jackson.databind.JsonNode;

/** A kind of work Jobline can run (e.g. {@code email.send}). The API validates payloads with it before accepting a job. */
public interface JobType {

    /** The name clients put in {@code "type"}. */
    String name();

    /**
     * Checks a payload and returns it as it will be stored.
     *
     * @throws ValidationException naming each invalid field, with paths starting at {@code payload}
     */
    JsonNode validate(JsonNode payload);
}
