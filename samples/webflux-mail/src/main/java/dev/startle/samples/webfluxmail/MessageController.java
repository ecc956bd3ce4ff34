package dev.startle.samples.webfluxmail;

import dev.startle.smtp.MailMessage;
import dev.startle.spring.mail.ReactiveMailSender;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code POST /messages}: JSON ({@link MailRequest}) or multipart/form-data (fields {@code to}, {@code cc}, {@code
 * bcc} (repeated or comma-separated), {@code subject}, {@code text}, {@code html}; every file part is an attachment).
 * Answers with the relay's {@link SendResponse}; errors are problem details (see {@link MailProblems}).
 */
@RestController
public class MessageController {
    private final ReactiveMailSender mailSender;
    private final MessageComposer composer;
    private final SampleProperties properties;

    /** The controller on the auto-configured sender. */
    public MessageController(ReactiveMailSender mailSender, MessageComposer composer, SampleProperties properties) {
        this.mailSender = mailSender;
        this.composer = composer;
        this.properties = properties;
    }

    /** Sends a message described as JSON. */
    @PostMapping(path = "/messages", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<SendResponse> sendJson(@RequestBody Mono<MailRequest> request) {
        return request.switchIfEmpty(Mono.error(() -> new InvalidMailRequestException(
                        List.of(new InvalidMailRequestException.FieldError("body", "a JSON object is required")))))
                .map(composer::compose)
                .flatMap(this::send);
    }

    /** Sends a message from an HTML-form style upload. */
    @PostMapping(path = "/messages", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public Mono<SendResponse> sendMultipart(@RequestBody Mono<MultiValueMap<String, Part>> form) {
        return form.flatMap(parts -> uploads(parts).map(files -> composer.compose(request(parts), files)))
                .flatMap(this::send);
    }

    private Mono<SendResponse> send(MailMessage message) {
        return mailSender.send(message).map(result -> SendResponse.of(message.messageId(), result));
    }

    private static MailRequest request(MultiValueMap<String, Part> parts) {
        return new MailRequest(
                addresses(parts, "to"),
                addresses(parts, "cc"),
                addresses(parts, "bcc"),
                field(parts, "subject"),
                field(parts, "text"),
                field(parts, "html"),
                List.of());
    }

    private static List<String> addresses(MultiValueMap<String, Part> parts, String name) {
        List<String> result = new ArrayList<>();
        for (Part part : parts.getOrDefault(name, List.of())) {
            if (part instanceof FormFieldPart field) {
                Arrays.stream(field.value().split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .forEach(result::add);
            }
        }
        return result;
    }

    private static String field(MultiValueMap<String, Part> parts, String name) {
        return Optional.ofNullable(parts.getFirst(name))
                .filter(FormFieldPart.class::isInstance)
                .map(p -> ((FormFieldPart) p).value())
                .orElse(null);
    }

    /** Every file part, read into memory up to the attachment size limit (a larger one is refused while reading). */
    private Mono<List<MessageComposer.Upload>> uploads(MultiValueMap<String, Part> parts) {
        String limit = properties.getLimits().maxAttachmentSizeText();
        int max = (int) Math.min(
                Integer.MAX_VALUE, properties.getLimits().getMaxAttachmentSize().toBytes());
        List<FilePart> files = parts.values().stream()
                .flatMap(List::stream)
                .filter(FilePart.class::isInstance)
                .map(FilePart.class::cast)
                .toList();
        return Flux.fromIterable(files)
                .index()
                .concatMap(indexed -> {
                    FilePart file = indexed.getT2();
                    String field = file.name() + "[" + indexed.getT1() + "]";
                    MediaType type = file.headers().getContentType();
                    return DataBufferUtils.join(file.content(), max)
                            .map(buffer -> {
                                byte[] bytes = new byte[buffer.readableByteCount()];
                                buffer.read(bytes);
                                DataBufferUtils.release(buffer);
                                return new MessageComposer.Upload(
                                        field, file.filename(), type == null ? null : type.toString(), bytes);
                            })
                            .defaultIfEmpty(new MessageComposer.Upload(
                                    field, file.filename(), type == null ? null : type.toString(), new byte[0]))
                            .onErrorMap(
                                    DataBufferLimitException.class,
                                    e -> new InvalidMailRequestException(
                                            List.of(new InvalidMailRequestException.FieldError(
                                                    field, "larger than " + limit))));
                })
                .collectList();
    }
}
