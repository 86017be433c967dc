package io.jobline.webhook;

/**
 * The URL's host is, or resolves to, an address the {@link AddressPolicy} refuses (loopback, private, link-local,
 * ...). Retrying does not help: the job fails.
 */
public class RefusedAddressException extends RuntimeException {

    public RefusedAddressException(String message) {
        super(message);
    }
}
