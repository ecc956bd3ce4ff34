package dev.startle.samples.probe;

import java.util.List;
import java.util.Locale;

/** SMTP and submission (RFC 5321, RFC 3207): greeting 220, EHLO, STARTTLS answered by 220, EHLO again, QUIT. */
final class SmtpProber implements Prober {

    @Override
    public String greet(Conversation c) {
        List<String> reply = c.numberedReply();
        if (!reply.get(0).startsWith("220")) {
            throw new ProbeException("the server refused the session: " + Text.oneLine(reply));
        }
        return Text.oneLine(reply);
    }

    @Override
    public Capabilities capabilities(Conversation c) {
        c.send("EHLO " + c.localAddressLiteral());
        List<String> reply = c.numberedReply();
        if (!reply.get(0).startsWith("250")) {
            throw new ProbeException("EHLO refused: " + Text.oneLine(reply));
        }
        // The first line names the server; each further line is a keyword with its parameters.
        return Capabilities.of(
                "EHLO",
                reply.subList(1, reply.size()).stream()
                        .map(l -> l.length() > 4 ? l.substring(4) : "")
                        .toList());
    }

    @Override
    public StartTlsOffer offer(Capabilities before) {
        return before.has("STARTTLS") ? StartTlsOffer.OFFERED : StartTlsOffer.NOT_OFFERED;
    }

    @Override
    public String plaintextAuth(Capabilities before) {
        return before.items().stream()
                .filter(i -> i.toUpperCase(Locale.ROOT).startsWith("AUTH "))
                .findFirst()
                .map(i -> i + " offered")
                .orElse(null);
    }

    @Override
    public String startTls(Conversation c) {
        c.send("STARTTLS");
        List<String> reply = c.numberedReply();
        if (!reply.get(0).startsWith("220")) {
            throw new ProbeException("STARTTLS refused: " + Text.oneLine(reply));
        }
        return Text.oneLine(reply);
    }

    @Override
    public void quit(Conversation c) {
        c.send("QUIT");
        c.numberedReply();
    }
}
