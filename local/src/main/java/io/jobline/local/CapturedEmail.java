package io.jobline.local;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** One message accepted by {@link SesStandIn}, as the sender asked SES to deliver it. */
public record CapturedEmail(
        String messageId,
        String from,
        List<String> to,
        List<String> cc,
        List<String> bcc,
        List<String> replyTo,
        String subject,
        String text,
        String html,
        Instant receivedAt) {

    public CapturedEmail {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
        replyTo = List.copyOf(replyTo);
    }

    /** Whether {@code address} is among the To, Cc or Bcc recipients, compared as SES does: case-insensitively. */
    public boolean isAddressedTo(String address) {
        String wanted = EmailAddresses.bare(address);
        return recipients().stream().map(EmailAddresses::bare).anyMatch(wanted::equalsIgnoreCase);
    }

    List<String> recipients() {
        return Stream.of(to, cc, bcc).flatMap(List::stream).toList();
    }
}
