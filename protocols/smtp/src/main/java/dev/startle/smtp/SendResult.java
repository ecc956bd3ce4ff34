package dev.startle.smtp;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of a send the server accepted: which recipients it took, which it refused (with its reply), the final
 * reply after the message data, and the queue id when the reply carries one (e.g. Postfix's {@code queued as 4Xy1}).
 *
 * @param accepted recipients the server accepted, in envelope order
 * @param rejected recipients the server refused, with the reply for each (the send still succeeded for the others)
 * @param reply the server's reply to the end of the message data
 * @param queueId the server's queue id, if the reply names one
 * @param secure whether the message travelled under TLS
 * @param warnings things the caller should know, e.g. that STARTTLS was not offered under opportunistic mode
 */
public record SendResult(
        List<Recipient> accepted,
        Map<Recipient, SmtpReply> rejected,
        SmtpReply reply,
        Optional<String> queueId,
        boolean secure,
        List<String> warnings) {

    /** Copies the collections. */
    public SendResult {
        accepted = List.copyOf(accepted);
        rejected = Map.copyOf(rejected);
        warnings = List.copyOf(warnings);
    }
}
