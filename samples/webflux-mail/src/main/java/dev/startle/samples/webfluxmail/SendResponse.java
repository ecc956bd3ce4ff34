package dev.startle.samples.webfluxmail;

import dev.startle.smtp.EnhancedStatusCode;
import dev.startle.smtp.SendResult;
import dev.startle.smtp.SmtpReply;
import java.util.Comparator;
import java.util.List;

/**
 * The JSON answer to a send the relay accepted.
 *
 * @param messageId the Message-ID the service gave the message
 * @param accepted recipients the relay accepted
 * @param rejected recipients the relay refused, with its reply (the others still get the message)
 * @param queueId the relay's queue id, when its reply names one
 * @param secure whether the message travelled under TLS
 * @param reply the relay's reply to the message data
 * @param warnings what the client noticed, e.g. an opportunistic fallback to plaintext
 */
public record SendResponse(
        String messageId,
        List<String> accepted,
        List<Rejection> rejected,
        String queueId,
        boolean secure,
        Reply reply,
        List<String> warnings) {

    /**
     * An SMTP reply.
     *
     * @param code the reply code, e.g. 250 or 550
     * @param enhancedCode the RFC 3463 code, e.g. {@code 5.1.1}, when the relay sent one
     * @param text the reply text
     */
    public record Reply(int code, String enhancedCode, String text) {
        static Reply of(SmtpReply reply) {
            return new Reply(
                    reply.code(),
                    reply.enhancedCode().map(EnhancedStatusCode::toString).orElse(null),
                    reply.text());
        }
    }

    /**
     * A refused recipient.
     *
     * @param recipient the address
     * @param code the reply code
     * @param enhancedCode the enhanced status code, if any
     * @param text the reply text
     */
    public record Rejection(String recipient, int code, String enhancedCode, String text) {}

    static SendResponse of(String messageId, SendResult result) {
        return new SendResponse(
                messageId,
                result.accepted().stream().map(r -> r.address()).toList(),
                rejections(result.rejected()),
                result.queueId().orElse(null),
                result.secure(),
                Reply.of(result.reply()),
                result.warnings());
    }

    static List<Rejection> rejections(java.util.Map<dev.startle.smtp.Recipient, SmtpReply> rejected) {
        return rejected.entrySet().stream()
                .map(e -> {
                    Reply r = Reply.of(e.getValue());
                    return new Rejection(e.getKey().address(), r.code(), r.enhancedCode(), r.text());
                })
                .sorted(Comparator.comparing(Rejection::recipient))
                .toList();
    }
}
