package io.jobline.cli;

/** The command line is wrong: the CLI prints the message and the usage, and exits 64 (EX_USAGE). */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
