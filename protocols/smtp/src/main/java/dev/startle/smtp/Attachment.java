package dev.startle.smtp;

import dev.startle.smtp.internal.mime.BinaryPart;
import dev.startle.smtp.internal.mime.ContentSource;
import dev.startle.smtp.internal.mime.ContentType;
import dev.startle.smtp.internal.mime.HeaderSyntax;
import io.netty.buffer.ByteBuf;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;
import org.reactivestreams.Publisher;

/**
 * A file to attach to a {@link MailMessage} (or to show inline in its HTML, see {@link MailMessageBuilder#inline}):
 * a file name, a media type and the bytes. The bytes are sent base64-encoded and read only while the message is being
 * sent, in chunks: a file or a publisher is never held in memory whole.
 *
 * <p>The file name may be any text without control characters; a non-ASCII name is written with RFC 2231 ({@code
 * filename*=UTF-8''...}). The content type is {@code type/subtype} with optional parameters, e.g. {@code
 * "text/csv; charset=UTF-8"}; {@code multipart/*} and {@code message/*} are refused (they cannot be base64-encoded).
 *
 * <pre>{@code
 * Attachment report = Attachment.of("Bericht März.pdf", "application/pdf", Path.of("/tmp/report.pdf"));
 * }</pre>
 */
public final class Attachment {
    private final String fileName;
    private final ContentType contentType;
    private final ContentSource content;

    private Attachment(String fileName, String contentType, ContentSource content) {
        HeaderSyntax.text(fileName, "file name");
        if (fileName.isBlank()) {
            throw new IllegalArgumentException("file name must not be blank");
        }
        this.fileName = fileName;
        this.contentType = ContentType.parse(contentType);
        this.content = content;
    }

    /** An attachment from bytes in memory (the array is copied). */
    public static Attachment of(String fileName, String contentType, byte[] content) {
        Objects.requireNonNull(content, "content");
        return new Attachment(fileName, contentType, ContentSource.of(content));
    }

    /**
     * An attachment streamed from a file each time the message is sent, read on a bounded-elastic thread as the
     * connection asks for more. The file's size is read now (it makes the message's size known); if the file has a
     * different size when it is sent, the send fails instead of sending something else.
     *
     * @throws java.io.UncheckedIOException if the file's size cannot be read
     */
    public static Attachment of(String fileName, String contentType, Path file) {
        return new Attachment(fileName, contentType, ContentSource.of(file));
    }

    /**
     * An attachment from a publisher of unknown length (the message's size is then unknown too). It is subscribed once
     * per send attempt, so it must be cold (such as {@code Flux.defer(...)}) for a message to be sent again. Its
     * buffers are released once encoded.
     */
    public static Attachment of(String fileName, String contentType, Publisher<ByteBuf> content) {
        return new Attachment(fileName, contentType, ContentSource.of(content, OptionalLong.empty()));
    }

    /**
     * An attachment from a publisher that delivers exactly {@code size} bytes (checked: a different count fails the
     * send), so the message's size is known.
     */
    public static Attachment of(String fileName, String contentType, Publisher<ByteBuf> content, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        return new Attachment(fileName, contentType, ContentSource.of(content, OptionalLong.of(size)));
    }

    /** The file name. */
    public String fileName() {
        return fileName;
    }

    /** The lower-case media type, {@code type/subtype}. */
    public String mediaType() {
        return contentType.mediaType();
    }

    /** The number of bytes, if known. */
    public OptionalLong size() {
        return content.size();
    }

    BinaryPart toPart(String contentId) {
        return new BinaryPart(fileName, contentType, contentId, content);
    }

    @Override
    public String toString() {
        return "Attachment[" + fileName + ", " + contentType.mediaType() + "]";
    }
}
