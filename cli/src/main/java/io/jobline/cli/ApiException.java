package io.jobline.cli;

/** The API answered with an error ({@code {"error":{"code","message"}}}), or could not be reached. */
final class ApiException extends Exception {

    private final int status;
    private final String code;

    ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status; 0 when no answer came. */
    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
