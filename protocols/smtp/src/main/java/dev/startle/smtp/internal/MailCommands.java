package dev.startle.smtp.internal;

import dev.startle.smtp.Recipient;
import dev.startle.smtp.SmtpExtensions;
import dev.startle.smtp.SmtpMessage;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.Collectors;

/** Builds MAIL FROM and RCPT TO commands with the ESMTP parameters the server offers. */
final class MailCommands {
    private MailCommands() {}

    static String mailFrom(SmtpMessage message, SmtpExtensions ext) {
        StringBuilder sb =
                new StringBuilder("MAIL FROM:<").append(message.from()).append('>');
        message.body().size().ifPresent(size -> {
            if (ext.maxSize().isPresent()) {
                sb.append(" SIZE=").append(size);
            }
        });
        if (message.body().has8BitContent() && ext.eightBitMime()) {
            sb.append(" BODY=8BITMIME");
        }
        if (message.requiresSmtpUtf8()) {
            sb.append(" SMTPUTF8");
        }
        if (ext.dsn()) {
            message.dsnReturn().ifPresent(ret -> sb.append(" RET=").append(ret.name()));
            message.envelopeId().ifPresent(id -> sb.append(" ENVID=").append(xtext(id)));
        }
        return sb.toString();
    }

    static String rcptTo(Recipient recipient, SmtpExtensions ext) {
        StringBuilder sb =
                new StringBuilder("RCPT TO:<").append(recipient.address()).append('>');
        if (ext.dsn()) {
            if (!recipient.notifyOptions().isEmpty()) {
                sb.append(" NOTIFY=")
                        .append(recipient.notifyOptions().stream()
                                .sorted()
                                .map(n -> n.name().toUpperCase(Locale.ROOT))
                                .collect(Collectors.joining(",")));
            }
            recipient
                    .originalRecipient()
                    .ifPresent(o -> sb.append(" ORCPT=rfc822;").append(xtext(o)));
        }
        return sb.toString();
    }

    /** RFC 3461 section 4: xtext encodes '+', '=' and anything outside '!'..'~' as +HH (UTF-8 bytes). */
    static String xtext(String value) {
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x21 || c > 0x7e || c == '+' || c == '=') {
                sb.append('+').append(String.format("%02X", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
