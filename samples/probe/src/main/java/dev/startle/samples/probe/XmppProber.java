package dev.startle.samples.probe;

import java.util.function.Predicate;

/**
 * XMPP client-to-server (RFC 6120): opens a stream, reads the stream features, sends {@code <starttls/>}, expects
 * {@code <proceed/>}, and after the upgrade opens a new stream and reads the features again. The XML arrives as text
 * chunks ({@link TextChunkFraming}) that are accumulated and parsed by {@link XmppStream}.
 */
final class XmppProber implements Prober {
    /** The most stream text the probe accumulates before it gives up on the server. */
    private static final int MAX_TEXT = 256 * 1024;

    private static final TextChunkFraming FRAMING = new TextChunkFraming();

    private final StringBuilder text = new StringBuilder();
    private XmppStream.Opening opening;

    @Override
    public String greet(Conversation c) {
        text.setLength(0);
        c.send("<?xml version='1.0'?><stream:stream to='" + xmlAttribute(c.serverName())
                + "' version='1.0' xmlns='jabber:client' xmlns:stream='" + XmppStream.STREAMS_NS + "'>");
        opening = readUntil(c, o -> o.header() != null, "the stream header");
        return opening.header();
    }

    @Override
    public Capabilities capabilities(Conversation c) {
        opening = readUntil(c, o -> o.features() != null, "the stream features");
        return Capabilities.of("stream features", opening.features());
    }

    @Override
    public StartTlsOffer offer(Capabilities before) {
        return before.items().stream().anyMatch(XmppStream::isStartTls)
                ? StartTlsOffer.OFFERED
                : StartTlsOffer.NOT_OFFERED;
    }

    @Override
    public String startTls(Conversation c) {
        c.send("<starttls xmlns='" + XmppStream.TLS_NS + "'/>");
        StringBuilder answer = new StringBuilder();
        for (; ; ) {
            answer.append(c.frame(FRAMING));
            Boolean proceed = XmppStream.proceed(answer.toString());
            if (proceed != null) {
                if (!proceed) {
                    throw new ProbeException("STARTTLS refused: " + Text.oneLine(answer.toString()));
                }
                // Nothing may follow the go-ahead: XmppStream.proceed refuses trailing data, and the core's
                // switch-point check refuses anything that arrived but was not yet read.
                return Text.oneLine(answer.toString().strip());
            }
            if (answer.length() > MAX_TEXT) {
                throw new ProbeException("no <proceed/> in " + MAX_TEXT + " characters");
            }
        }
    }

    @Override
    public void restart(Conversation c) {
        greet(c); // RFC 6120 section 5.4.3.3: a new stream over TLS, features asked again
    }

    @Override
    public void quit(Conversation c) {
        c.send("</stream:stream>");
    }

    private XmppStream.Opening readUntil(Conversation c, Predicate<XmppStream.Opening> done, String what) {
        XmppStream.Opening parsed = XmppStream.parse(text.toString());
        while (!done.test(parsed)) {
            if (text.length() > MAX_TEXT) {
                throw new ProbeException("no complete " + what + " in " + MAX_TEXT + " characters");
            }
            text.append(c.frame(FRAMING));
            parsed = XmppStream.parse(text.toString());
        }
        return parsed;
    }

    private static String xmlAttribute(String value) {
        return value.replace("&", "&amp;").replace("'", "&apos;").replace("<", "&lt;");
    }
}
