package io.jobline.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Job;
import io.jobline.Json;
import io.jobline.ValidationException;
import io.jobline.mail.Email;
import io.jobline.mail.EmailJobType;
import io.jobline.mail.MailRejectedException;
import io.jobline.mail.Mailer;

/** {@code email.send}: sends the payload's message; the result is SES's {@code messageId}. */
public final class EmailJob implements JobRunner {

    private final Mailer mailer;
    private final String defaultFrom;

    public EmailJob(Mailer mailer, String defaultFrom) {
        this.mailer = mailer;
        this.defaultFrom = defaultFrom;
    }

    @Override
    public String type() {
        return EmailJobType.NAME;
    }

    @Override
    public JsonNode run(Job job, JobContext context) {
        Email email;
        try {
            // Validated on submit already; checked again because the row is the only input the worker trusts.
            email = Email.fromPayload(job.payload());
        } catch (ValidationException e) {
            throw new PermanentJobFailureException("Invalid email payload: " + e.getMessage(), e);
        }
        try {
            String messageId = mailer.send(email, defaultFrom);
            return Json.MAPPER.createObjectNode().put("messageId", messageId);
        } catch (MailRejectedException e) {
            throw new PermanentJobFailureException(e.getMessage(), e);
        }
    }
}
