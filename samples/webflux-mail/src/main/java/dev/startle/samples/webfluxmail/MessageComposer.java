package dev.startle.samples.webfluxmail;

import dev.startle.samples.webfluxmail.InvalidMailRequestException.FieldError;
import dev.startle.smtp.Attachment;
import dev.startle.smtp.MailMessage;
import dev.startle.smtp.MailMessageBuilder;
import dev.startle.smtp.Mailbox;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Checks a {@link MailRequest} against the limits and builds the {@link MailMessage}, collecting every problem rather
 * than stopping at the first.
 */
@Component
public class MessageComposer {

    /**
     * An attachment's bytes, decoded or uploaded.
     *
     * @param field the request field it came from, for error messages
     * @param name the file name
     * @param contentType the media type, or null for {@code application/octet-stream}
     * @param bytes the content
     */
    public record Upload(String field, String name, String contentType, byte[] bytes) {}

    private final SampleProperties properties;

    /** A composer with the configured sender address and limits. */
    public MessageComposer(SampleProperties properties) {
        this.properties = properties;
    }

    /**
     * The message for {@code request}.
     *
     * @throws InvalidMailRequestException listing every problem
     */
    public MailMessage compose(MailRequest request) {
        return compose(request, List.of());
    }

    /**
     * The message for {@code request} with uploaded {@code files} attached after its base64 attachments.
     *
     * @throws InvalidMailRequestException listing every problem
     */
    public MailMessage compose(MailRequest request, List<Upload> files) {
        SampleProperties.Limits limits = properties.getLimits();
        List<FieldError> errors = new ArrayList<>();
        MailMessageBuilder builder = MailMessage.builder().from(properties.getFrom());

        int recipients =
                request.to().size() + request.cc().size() + request.bcc().size();
        if (recipients == 0) {
            errors.add(new FieldError("to", "at least one recipient (to, cc or bcc) is required"));
        } else if (recipients > limits.getMaxRecipients()) {
            errors.add(new FieldError("to", recipients + " recipients; at most " + limits.getMaxRecipients()));
        }
        addresses("to", request.to(), errors, m -> builder.to(m));
        addresses("cc", request.cc(), errors, m -> builder.cc(m));
        addresses("bcc", request.bcc(), errors, m -> builder.bcc(m));

        if (request.subject() == null || request.subject().isBlank()) {
            errors.add(new FieldError("subject", "is required"));
        } else if (request.subject().length() > limits.getMaxSubjectLength()) {
            errors.add(new FieldError("subject", "longer than " + limits.getMaxSubjectLength() + " characters"));
        } else {
            apply("subject", errors, () -> builder.subject(request.subject()));
        }

        boolean hasText = request.text() != null && !request.text().isEmpty();
        boolean hasHtml = request.html() != null && !request.html().isEmpty();
        if (!hasText && !hasHtml) {
            errors.add(new FieldError("text", "text or html is required"));
        }
        if (hasText) {
            body("text", request.text(), limits, errors, builder::text);
        }
        if (hasHtml) {
            body("html", request.html(), limits, errors, builder::html);
        }

        attachments(request.attachments(), files, limits, errors, builder);
        if (!errors.isEmpty()) {
            throw new InvalidMailRequestException(errors);
        }
        return builder.build();
    }

    private static void addresses(
            String field, List<String> addresses, List<FieldError> errors, Consumer<Mailbox> add) {
        for (int i = 0; i < addresses.size(); i++) {
            String address = addresses.get(i);
            String name = field + "[" + i + "]";
            if (address == null || address.isBlank()) {
                errors.add(new FieldError(name, "is empty"));
                continue;
            }
            try {
                add.accept(Mailbox.of(address.strip()));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(name, e.getMessage()));
            }
        }
    }

    private static void body(
            String field, String value, SampleProperties.Limits limits, List<FieldError> errors, Consumer<String> set) {
        if (value.length() > limits.getMaxBodyLength()) {
            errors.add(new FieldError(field, "longer than " + limits.getMaxBodyLength() + " characters"));
        } else {
            set.accept(value);
        }
    }

    private static void attachments(
            List<MailRequest.AttachmentRequest> encoded,
            List<Upload> files,
            SampleProperties.Limits limits,
            List<FieldError> errors,
            MailMessageBuilder builder) {
        int count = encoded.size() + files.size();
        if (count > limits.getMaxAttachments()) {
            errors.add(new FieldError("attachments", count + " attachments; at most " + limits.getMaxAttachments()));
            return;
        }
        long max = limits.getMaxAttachmentSize().toBytes();
        long total = 0;
        List<Upload> all = new ArrayList<>();
        for (int i = 0; i < encoded.size(); i++) {
            MailRequest.AttachmentRequest a = encoded.get(i);
            String field = "attachments[" + i + "]";
            if (a == null || a.base64() == null) {
                errors.add(new FieldError(field + ".base64", "is required"));
                continue;
            }
            // Refuse an oversized attachment before decoding it: 4 characters per 3 bytes.
            if ((long) a.base64().length() / 4 * 3 > max) {
                errors.add(new FieldError(field, "larger than " + limits.maxAttachmentSizeText()));
                continue;
            }
            try {
                // Line breaks are allowed (MIME style), anything else outside the alphabet is not.
                byte[] bytes = Base64.getDecoder().decode(a.base64().replaceAll("[\\r\\n]", ""));
                all.add(new Upload(field, a.name(), a.contentType(), bytes));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(field + ".base64", "not valid base64: " + e.getMessage()));
            }
        }
        all.addAll(files);
        for (Upload file : all) {
            total += file.bytes().length;
            if (file.name() == null || file.name().isBlank()) {
                errors.add(new FieldError(file.field() + ".name", "is required"));
                continue;
            }
            String type = file.contentType() == null || file.contentType().isBlank()
                    ? "application/octet-stream"
                    : file.contentType();
            try {
                builder.attach(Attachment.of(file.name(), type, file.bytes()));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(file.field(), e.getMessage()));
            }
        }
        if (total > max) {
            errors.add(new FieldError(
                    "attachments", total + " bytes in total; at most " + limits.maxAttachmentSizeText()));
        }
    }

    private static void apply(String field, List<FieldError> errors, Runnable step) {
        try {
            step.run();
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, e.getMessage()));
        }
    }
}
