package dev.startle.smtp.internal.mime;

import java.util.List;

/**
 * A multipart entity (RFC 2046 section 5.1): each part after {@code --boundary}, the closing {@code --boundary--}. The
 * CRLF before each delimiter belongs to the delimiter, so a part's body is written exactly as encoded.
 */
final class Multipart extends MimePart {
    private final String subtype;
    private final String boundary;
    private final String rootType;
    private final List<MimePart> parts;

    /** {@code rootType} is the RFC 2387 {@code type} parameter of multipart/related, null otherwise. */
    Multipart(String subtype, String boundary, String rootType, List<MimePart> parts) {
        this.subtype = subtype;
        this.boundary = boundary;
        this.rootType = rootType;
        this.parts = List.copyOf(parts);
    }

    @Override
    void writeHeaders(HeaderWriter headers) {
        headers.field("Content-Type").token("multipart/" + subtype + ";");
        if (rootType != null) {
            headers.token("type=\"" + rootType + "\";");
        }
        headers.token("boundary=\"" + boundary + "\"");
    }

    @Override
    void writeBody(MimeStream.Builder out) {
        for (MimePart part : parts) {
            out.text("--" + boundary + "\r\n");
            HeaderWriter headers = new HeaderWriter();
            part.writeHeaders(headers);
            out.text(headers.finish()).text("\r\n");
            part.writeBody(out);
            out.text("\r\n");
        }
        out.text("--" + boundary + "--\r\n");
    }

    @Override
    boolean endsWithLineBreak() {
        return true;
    }

    /** The media type of this entity, for a parent multipart/related's {@code type} parameter. */
    String mediaType() {
        return "multipart/" + subtype;
    }
}
