package dev.startle.samples.probe;

import java.util.List;
import java.util.Locale;

/**
 * The FTP control connection (RFC 959, RFC 2389, RFC 4217): greeting 220, FEAT (211), AUTH TLS answered by 234, QUIT.
 * Only the control connection is probed; no data connection is opened.
 */
final class FtpProber implements Prober {

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
        c.send("FEAT");
        List<String> reply = c.numberedReply();
        if (!reply.get(0).startsWith("211")) {
            return Capabilities.unsupported("FEAT");
        }
        // "211-Features:", one feature per line (indented by a space), "211 End".
        return Capabilities.of("FEAT", reply.size() < 2 ? List.of() : reply.subList(1, reply.size() - 1));
    }

    @Override
    public StartTlsOffer offer(Capabilities before) {
        if (!before.listed()) {
            return StartTlsOffer.UNKNOWN;
        }
        boolean authTls = before.items().stream()
                .map(i -> i.toUpperCase(Locale.ROOT))
                .anyMatch(i -> i.startsWith("AUTH ")
                        && List.of(i.substring(5).split("[ ;]+")).contains("TLS"));
        return authTls ? StartTlsOffer.OFFERED : StartTlsOffer.NOT_OFFERED;
    }

    @Override
    public String startTls(Conversation c) {
        c.send("AUTH TLS");
        List<String> reply = c.numberedReply();
        if (!reply.get(0).startsWith("234")) {
            throw new ProbeException("AUTH TLS refused: " + Text.oneLine(reply));
        }
        return Text.oneLine(reply);
    }

    @Override
    public void quit(Conversation c) {
        c.send("QUIT");
        c.numberedReply();
    }
}
