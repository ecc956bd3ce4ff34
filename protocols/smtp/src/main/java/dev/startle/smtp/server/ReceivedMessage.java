package dev.startle.smtp.server;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A message being received: its envelope and its content, streamed as it arrives (dot-unstuffed, with CRLF line
 * endings). The server answers the end of data only after the handler's {@code Mono} completes, so a message is
 * acknowledged only once the handler has it; a connection lost mid-message fails {@link #content()} and the handler
 * never sees it as complete.
 */
public interface ReceivedMessage {
    /** The reverse path from MAIL FROM; empty for {@code <>}. */
    String from();

    /** The accepted recipients, in order. */
    List<String> recipients();

    /** MAIL FROM parameters (e.g. {@code SIZE}, {@code BODY}, {@code SMTPUTF8}, {@code RET}, {@code ENVID}). */
    Map<String, String> mailParameters();

    /** The session the message arrives on. */
    SmtpServerSession session();

    /**
     * The content, backpressured: each buffer belongs to the subscriber (they wrap heap arrays, so releasing them is
     * good form but nothing leaks if it is forgotten). Subscribe at most once. Fails with
     * {@link MessageRejectedException} when the message breaks a limit (size) or the line-ending policy,
     * {@code ConnectionClosedException} when the client closes before the end of data, or the connection's error.
     */
    Flux<ByteBuf> content();

    /** The whole content as bytes (for small messages; bounded by the server's maximum message size). */
    Mono<byte[]> bytes();

    /**
     * LMTP only: refuses delivery to one recipient while the others succeed; the server then answers that recipient
     * with this rejection (RFC 2033 section 4.2). Ignored for SMTP, where one reply covers all recipients.
     */
    void rejectRecipient(String recipient, SmtpRejectException rejection);
}
