package dev.startle.samples.webfluxmail;

import java.util.List;

/**
 * The JSON body of {@code POST /messages}; multipart requests are read into the same shape.
 *
 * @param to To addresses
 * @param cc Cc addresses
 * @param bcc Bcc addresses (envelope only)
 * @param subject the subject, required
 * @param text the plain-text body (text and/or html is required)
 * @param html the HTML body
 * @param attachments files, base64-encoded
 */
public record MailRequest(
        List<String> to,
        List<String> cc,
        List<String> bcc,
        String subject,
        String text,
        String html,
        List<AttachmentRequest> attachments) {

    /** Null lists become empty. */
    public MailRequest {
        to = to == null ? List.of() : to;
        cc = cc == null ? List.of() : cc;
        bcc = bcc == null ? List.of() : bcc;
        attachments = attachments == null ? List.of() : attachments;
    }

    /**
     * One attachment.
     *
     * @param name the file name
     * @param contentType e.g. {@code application/pdf}; default {@code application/octet-stream}
     * @param base64 the bytes, base64 (RFC 4648, standard alphabet)
     */
    public record AttachmentRequest(String name, String contentType, String base64) {}
}
