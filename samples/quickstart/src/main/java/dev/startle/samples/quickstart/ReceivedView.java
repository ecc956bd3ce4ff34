package dev.startle.samples.quickstart;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A received message read back with Jakarta Mail (an independent MIME parser, so the demo also shows that what Startle
 * wrote is ordinary MIME): a few headers, the text part, and each attachment's name, type and decoded size.
 *
 * @param headers the headers worth showing, as {@code Name: value}
 * @param text the text/plain part, or null
 * @param attachments the attachments, in order
 */
record ReceivedView(List<String> headers, String text, List<AttachmentView> attachments) {
    private static final List<String> SHOWN = List.of("From", "To", "Subject", "Date", "Message-ID", "Content-Type");

    /** An attachment as received: its file name, media type and decoded content. */
    record AttachmentView(String fileName, String contentType, byte[] content) {}

    static ReceivedView parse(byte[] rfc5322) throws MessagingException, IOException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(rfc5322));
        List<String> headers = new ArrayList<>();
        for (String name : SHOWN) {
            String value = name.equals("Subject") ? message.getSubject() : message.getHeader(name, ", ");
            if (value != null) {
                headers.add(name + ": " + value.replaceAll("\\s+", " "));
            }
        }
        List<AttachmentView> attachments = new ArrayList<>();
        String text = walk(message, attachments);
        return new ReceivedView(headers, text, attachments);
    }

    /** Depth-first through the MIME tree: returns the first text/plain body, collects the attachments. */
    private static String walk(Part part, List<AttachmentView> attachments) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            String text = null;
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String found = walk(child, attachments);
                text = text == null ? found : text;
            }
            return text;
        }
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.getFileName() != null) {
            try (InputStream in = part.getInputStream()) {
                String type = part.getContentType().split(";", 2)[0].trim();
                attachments.add(new AttachmentView(part.getFileName(), type, in.readAllBytes()));
            }
            return null;
        }
        return part.isMimeType("text/plain") ? (String) part.getContent() : null;
    }

    void print(PrintStream out) {
        headers.forEach(h -> out.println("  " + h));
        out.println("  text part:");
        (text == null ? "(none)" : text).lines().forEach(l -> out.println("  | " + l));
        for (AttachmentView a : attachments) {
            out.printf("  attachment: %s (%s), %d bytes%n", a.fileName(), a.contentType(), a.content().length);
        }
    }
}
