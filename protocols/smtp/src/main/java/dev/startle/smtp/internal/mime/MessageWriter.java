package dev.startle.smtp.internal.mime;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays out a message's MIME tree, using only the levels it needs, {@code
 * mixed(related(alternative(text, html), inline...), attachments...)}, and writes it after the message's own header
 * fields. Boundaries are chosen here, once, so the resulting {@link MimeStream} is the same on every subscription.
 */
public final class MessageWriter {
    private MessageWriter() {}

    /**
     * @param headerFields the message's header fields (From, To, Subject...), each ending in CRLF
     * @param text the plain-text body, or null
     * @param html the HTML body, or null
     * @param inline parts with a Content-ID, referenced from the HTML as {@code cid:...}
     * @param attachments the other parts
     */
    public static MimeStream write(
            String headerFields, String text, String html, List<BinaryPart> inline, List<BinaryPart> attachments) {
        String prefix = UniqueIds.BOUNDARY_PREFIX;
        MimePart content = null;
        if (text != null && html != null) {
            content = new Multipart(
                    "alternative",
                    UniqueIds.boundary(),
                    null,
                    List.of(new TextPart("plain", text, prefix), new TextPart("html", html, prefix)));
        } else if (text != null || html != null) {
            content = new TextPart(text != null ? "plain" : "html", text != null ? text : html, prefix);
        }
        List<MimePart> mixed = new ArrayList<>();
        if (!inline.isEmpty() && html != null) {
            String rootType = content instanceof Multipart m ? m.mediaType() : "text/html";
            List<MimePart> related = new ArrayList<>();
            related.add(content);
            related.addAll(inline);
            content = new Multipart("related", UniqueIds.boundary(), rootType, related);
        } else {
            mixed.addAll(inline); // nothing can refer to them: plain inline parts of the message
        }
        mixed.addAll(attachments);
        if (!mixed.isEmpty()) {
            if (content != null) {
                mixed.add(0, content);
            }
            content = new Multipart("mixed", UniqueIds.boundary(), null, mixed);
        } else if (content == null) {
            content = new TextPart("plain", "", prefix);
        }

        HeaderWriter contentHeaders = new HeaderWriter();
        content.writeHeaders(contentHeaders);
        MimeStream.Builder out = new MimeStream.Builder()
                .text(headerFields)
                .text("MIME-Version: 1.0\r\n")
                .text(contentHeaders.finish())
                .text("\r\n");
        content.writeBody(out);
        if (!content.endsWithLineBreak()) {
            out.text("\r\n");
        }
        return out.build();
    }
}
