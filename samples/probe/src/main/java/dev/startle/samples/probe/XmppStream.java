package dev.startle.samples.probe;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the start of an XMPP stream (RFC 6120 section 4) from accumulated text: the stream header's attributes and the
 * stream features, or a stream error. Parsed with the JDK's StAX reader with DTDs and external entities off; a DTD is
 * refused outright (XMPP forbids them, section 11.1), so no entity is ever expanded.
 */
final class XmppStream {
    static final String STREAMS_NS = "http://etherx.jabber.org/streams";
    static final String TLS_NS = "urn:ietf:params:xml:ns:xmpp-tls";
    static final String SASL_NS = "urn:ietf:params:xml:ns:xmpp-sasl";

    private static final XMLInputFactory FACTORY = factory();

    /** What the text held so far: {@code header} once the stream is open, {@code features} once they are complete. */
    record Opening(String header, List<String> features) {}

    private XmppStream() {}

    /**
     * Parses {@code text} from its start; returns what is complete so far. Incomplete XML simply yields less (the
     * caller reads more and tries again).
     *
     * @throws ProbeException on a stream error from the server, or a DTD
     */
    static Opening parse(String text) {
        String header = null;
        List<String> features = null;
        List<String> collecting = null;
        int depth = 0;
        try {
            XMLStreamReader r = FACTORY.createXMLStreamReader(new StringReader(text));
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new ProbeException("the server sent a DTD, which XMPP forbids (RFC 6120 section 11.1)");
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    boolean streams = STREAMS_NS.equals(r.getNamespaceURI());
                    if (depth == 1 && streams && r.getLocalName().equals("stream")) {
                        header = attributes(r);
                    } else if (depth == 2 && streams && r.getLocalName().equals("error")) {
                        throw new ProbeException("stream error from the server: " + streamError(r));
                    } else if (depth == 2 && streams && r.getLocalName().equals("features")) {
                        collecting = new ArrayList<>();
                    } else if (depth == 3 && collecting != null) {
                        collecting.add(feature(r));
                        depth--; // feature() consumed the whole element
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    if (depth == 2 && collecting != null) {
                        features = collecting;
                        break;
                    }
                    depth--;
                }
            }
        } catch (XMLStreamException incompleteOrBroken) {
            // Usually the text simply ends mid-stream; a broken stream shows as no progress until the timeout.
        }
        return new Opening(header, features);
    }

    /** Whether {@code text} holds {@code <proceed/>} (true), {@code <failure/>} (false), or neither yet (null). */
    static Boolean proceed(String text) {
        String t = text.strip();
        if (t.matches("(?s)<proceed\\s+xmlns=(['\"])" + TLS_NS + "\\1\\s*/>")
                || t.matches("(?s)<proceed\\s+xmlns=(['\"])" + TLS_NS + "\\1\\s*>\\s*</proceed>")) {
            return true;
        }
        if (t.startsWith("<failure")) {
            return false;
        }
        if (t.startsWith("<proceed") && t.contains(">") && (t.contains("/>") || t.contains("</proceed>"))) {
            // A complete proceed with something after it: plaintext smuggled behind the go-ahead.
            throw new ProbeException(
                    "the server sent data after <proceed/> (possible STARTTLS injection): " + Text.oneLine(t));
        }
        if (t.contains("</stream:stream>") || t.contains(":error")) {
            throw new ProbeException("the server ended the stream instead of <proceed/>: " + Text.oneLine(t));
        }
        return null;
    }

    private static String attributes(XMLStreamReader r) {
        List<String> parts = new ArrayList<>();
        for (String name : List.of("from", "id", "version")) {
            String v = r.getAttributeValue(null, name);
            if (v != null) {
                parts.add(name + "=" + v);
            }
        }
        return "stream " + String.join(" ", parts);
    }

    /** One feature as a readable item: {@code starttls (required)}, {@code mechanisms PLAIN SCRAM-SHA-1}, ... */
    private static String feature(XMLStreamReader r) throws XMLStreamException {
        String name = r.getLocalName();
        String ns = r.getNamespaceURI();
        List<String> children = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int depth = 1;
        while (depth > 0 && r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                text.setLength(0);
                if (depth == 2 && !r.getLocalName().equals("mechanism")) {
                    children.add(r.getLocalName());
                }
            } else if (event == XMLStreamConstants.CHARACTERS) {
                text.append(r.getText());
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                if (depth == 2 && r.getLocalName().equals("mechanism")) {
                    children.add(text.toString().trim());
                }
                depth--;
            }
        }
        if (depth > 0) {
            throw new XMLStreamException("incomplete feature");
        }
        String label = TLS_NS.equals(ns) || SASL_NS.equals(ns) ? name : name + " (" + ns + ")";
        return children.isEmpty() ? label : label + " " + String.join(" ", children);
    }

    private static String streamError(XMLStreamReader r) throws XMLStreamException {
        while (r.hasNext()) {
            if (r.next() == XMLStreamConstants.START_ELEMENT) {
                return r.getLocalName();
            }
        }
        return "(unspecified)";
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return f;
    }

    static boolean isStartTls(String feature) {
        return feature.toLowerCase(Locale.ROOT).startsWith("starttls");
    }
}
