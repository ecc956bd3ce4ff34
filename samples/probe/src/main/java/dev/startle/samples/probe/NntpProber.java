package dev.startle.samples.probe;

import java.util.Locale;

/** NNTP (RFC 3977, RFC 4642): greeting 200/201, CAPABILITIES (101), STARTTLS answered by 382, QUIT. */
final class NntpProber implements Prober {

    @Override
    public String greet(Conversation c) {
        String greeting = c.line();
        if (!greeting.startsWith("200") && !greeting.startsWith("201")) {
            throw new ProbeException("the server refused the session: " + Text.oneLine(greeting));
        }
        return Text.oneLine(greeting);
    }

    @Override
    public Capabilities capabilities(Conversation c) {
        c.send("CAPABILITIES");
        String status = c.line();
        if (!status.startsWith("101")) {
            return Capabilities.unsupported("CAPABILITIES");
        }
        return Capabilities.of("CAPABILITIES", c.dotTerminated());
    }

    @Override
    public StartTlsOffer offer(Capabilities before) {
        if (!before.listed()) {
            return StartTlsOffer.UNKNOWN;
        }
        return before.has("STARTTLS") ? StartTlsOffer.OFFERED : StartTlsOffer.NOT_OFFERED;
    }

    @Override
    public String plaintextAuth(Capabilities before) {
        return before.items().stream().anyMatch(i -> i.toUpperCase(Locale.ROOT).matches("AUTHINFO( .*)? USER( .*)?"))
                ? "AUTHINFO USER offered"
                : null;
    }

    @Override
    public String startTls(Conversation c) {
        c.send("STARTTLS");
        String reply = c.line();
        if (!reply.startsWith("382")) {
            throw new ProbeException("STARTTLS refused: " + Text.oneLine(reply));
        }
        return Text.oneLine(reply);
    }

    @Override
    public void quit(Conversation c) {
        c.send("QUIT");
        c.line();
    }
}
