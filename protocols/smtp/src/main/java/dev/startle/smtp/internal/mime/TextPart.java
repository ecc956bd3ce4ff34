package dev.startle.smtp.internal.mime;

/** A {@code text/plain} or {@code text/html} part in UTF-8. */
final class TextPart extends MimePart {
    private final String subtype;
    private final TextBody body;

    TextPart(String subtype, String text, String boundaryPrefix) {
        this.subtype = subtype;
        this.body = TextBody.of(text, boundaryPrefix);
    }

    @Override
    void writeHeaders(HeaderWriter headers) {
        headers.field("Content-Type").token("text/" + subtype + ";").token("charset=UTF-8");
        headers.field("Content-Transfer-Encoding").token(body.transferEncoding);
    }

    @Override
    void writeBody(MimeStream.Builder out) {
        out.bytes(body.bytes);
    }

    @Override
    boolean endsWithLineBreak() {
        int n = body.bytes.length;
        return n >= 2 && body.bytes[n - 2] == '\r' && body.bytes[n - 1] == '\n';
    }
}
