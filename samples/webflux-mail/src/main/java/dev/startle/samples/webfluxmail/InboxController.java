package dev.startle.samples.webfluxmail;

import java.time.Instant;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /inbox}: what the embedded relay received (a summary per message), and {@code GET /inbox/{id}} for one
 * message as it arrived ({@code message/rfc822}). 404 when the embedded relay is off.
 */
@RestController
public class InboxController {
    private final ObjectProvider<Inbox> inbox;

    /** The controller; the inbox exists only with the embedded relay. */
    public InboxController(ObjectProvider<Inbox> inbox) {
        this.inbox = inbox;
    }

    /**
     * One message in the list.
     *
     * @param id for {@code GET /inbox/{id}}
     * @param receivedAt when the relay acknowledged it
     * @param from the envelope sender
     * @param recipients the envelope recipients
     * @param subject the Subject header as written
     * @param size bytes
     * @param secure whether it arrived under TLS
     * @param tlsProtocol e.g. TLSv1.3
     * @param cipherSuite e.g. TLS_AES_128_GCM_SHA256
     * @param authenticatedUser who sent it
     */
    public record Summary(
            long id,
            Instant receivedAt,
            String from,
            List<String> recipients,
            String subject,
            int size,
            boolean secure,
            String tlsProtocol,
            String cipherSuite,
            String authenticatedUser) {}

    /** The messages, oldest first. */
    @GetMapping("/inbox")
    public List<Summary> list() {
        return inbox().messages().stream()
                .map(m -> new Summary(
                        m.id(),
                        m.receivedAt(),
                        m.from(),
                        m.recipients(),
                        m.subject(),
                        m.size(),
                        m.secure(),
                        m.tlsProtocol(),
                        m.cipherSuite(),
                        m.authenticatedUser()))
                .toList();
    }

    /** One message's bytes. */
    @GetMapping("/inbox/{id}")
    public ResponseEntity<byte[]> raw(@PathVariable long id) {
        return inbox().find(id)
                .map(m -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType("message/rfc822"))
                        .body(m.raw()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no message " + id));
    }

    private Inbox inbox() {
        Inbox i = inbox.getIfAvailable();
        if (i == null) {
            throw new ResponseStatusException(
                    HttpStatus.NOT_FOUND, "the embedded relay is off (spring.mail.host is set): there is no inbox");
        }
        return i;
    }
}
