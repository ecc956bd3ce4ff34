package dev.startle.samples.probe;

/** POP3 (RFC 1939, RFC 2449, RFC 2595): greeting {@code +OK}, CAPA, STLS answered by {@code +OK}, QUIT. */
final class Pop3Prober implements Prober {

    @Override
    public String greet(Conversation c) {
        String greeting = c.line();
        if (!greeting.startsWith("+OK")) {
            throw new ProbeException("the server refused the session: " + Text.oneLine(greeting));
        }
        return Text.oneLine(greeting);
    }

    @Override
    public Capabilities capabilities(Conversation c) {
        c.send("CAPA");
        String status = c.line();
        if (!status.startsWith("+OK")) {
            return Capabilities.unsupported("CAPA"); // RFC 2449 is optional: STLS may still work
        }
        return Capabilities.of("CAPA", c.dotTerminated());
    }

    @Override
    public StartTlsOffer offer(Capabilities before) {
        if (!before.listed()) {
            return StartTlsOffer.UNKNOWN;
        }
        return before.has("STLS") ? StartTlsOffer.OFFERED : StartTlsOffer.NOT_OFFERED;
    }

    @Override
    public String plaintextAuth(Capabilities before) {
        if (before.has("USER")) {
            return "USER/PASS offered";
        }
        return before.has("SASL") && before.items().stream().anyMatch(i -> i.matches("(?i)SASL .*\\bPLAIN\\b.*"))
                ? "SASL PLAIN offered"
                : null;
    }

    @Override
    public String startTls(Conversation c) {
        c.send("STLS");
        String reply = c.line();
        if (!reply.startsWith("+OK")) {
            throw new ProbeException("STLS refused: " + Text.oneLine(reply));
        }
        return Text.oneLine(reply);
    }

    @Override
    public void quit(Conversation c) {
        c.send("QUIT");
        c.line();
    }
}
