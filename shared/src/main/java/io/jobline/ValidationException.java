package io.jobline;

import java.util.List;

/** Input that Jobline refuses: an API client's mistake, reported with a code and, per field, what is wrong. */
public class ValidationException extends RuntimeException {

    private final String code;
    private final List<FieldError> details;

    public ValidationException(String code, String message) {
        this(code, message, List.of());
    }

    public ValidationException(String code, String message, List<FieldError> details) {
        super(message);
        this.code = code;
        this.details = List.copyOf(details);
    }

    public static ValidationException invalidFields(List<FieldError> details) {
        String message = details.size() == 1
                ? details.getFirst().field() + ": " + details.getFirst().message()
                : details.size() + " fields are invalid";
        return new ValidationException("invalid_field", message, details);
    }

    public String code() {
        return code;
    }

    public List<FieldError> details() {
        return details;
    }

    /** One invalid field: its JSON path (e.g. {@code payload.to[2]}) and why. */
    public record FieldError(String field, String message) {}
}
