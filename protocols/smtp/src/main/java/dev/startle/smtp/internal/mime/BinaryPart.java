package dev.startle.smtp.internal.mime;

/**
 * An attachment or inline resource: base64 content with Content-Type (with the legacy {@code name} parameter that
 * some readers still use), Content-Disposition with the file name, and for inline parts a Content-ID (RFC 2183, 2392).
 */
public final class BinaryPart extends MimePart {
    private final String fileName;
    private final ContentType contentType;
    private final String contentId;
    private final ContentSource source;

    /** {@code contentId} (without brackets) makes the part inline; {@code fileName} may be null for inline parts. */
    public BinaryPart(String fileName, ContentType contentType, String contentId, ContentSource source) {
        this.fileName = fileName;
        this.contentType = contentType;
        this.contentId = contentId;
        this.source = source;
    }

    /** The Content-ID without brackets, or null for an attachment. */
    public String contentId() {
        return contentId;
    }

    @Override
    void writeHeaders(HeaderWriter headers) {
        headers.field("Content-Type");
        contentType.write(headers, fileName == null ? null : "name", fileName);
        headers.field("Content-Transfer-Encoding").token("base64");
        if (contentId != null) {
            headers.field("Content-ID").token("<" + contentId + ">");
        }
        String disposition = contentId != null ? "inline" : "attachment";
        headers.field("Content-Disposition");
        if (fileName == null) {
            headers.token(disposition);
        } else {
            headers.token(disposition + ";");
            MimeParameter.write(headers, "filename", fileName, true);
        }
    }

    @Override
    void writeBody(MimeStream.Builder out) {
        out.base64(source);
    }

    @Override
    boolean endsWithLineBreak() {
        return true; // every base64 line ends in CRLF; an empty body follows the headers' blank line
    }
}
