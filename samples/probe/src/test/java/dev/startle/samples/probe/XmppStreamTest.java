package dev.startle.samples.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class XmppStreamTest {
    static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' id='s1' from='example.org' version='1.0'>";
    static final String FEATURES = "<stream:features>"
            + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
            + "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-1</mechanism>"
            + "<mechanism>PLAIN</mechanism></mechanisms>"
            + "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n' ver='v'/>"
            + "</stream:features>";

    @Test
    void readsTheHeaderThenTheFeatures() {
        assertThat(XmppStream.parse(HEADER.substring(0, 40))).isEqualTo(new XmppStream.Opening(null, null));
        XmppStream.Opening open = XmppStream.parse(HEADER);
        assertThat(open.header()).isEqualTo("stream from=example.org id=s1 version=1.0");
        assertThat(open.features()).isNull();
        assertThat(XmppStream.parse(HEADER + FEATURES.substring(0, 90)).features())
                .isNull();
        assertThat(XmppStream.parse(HEADER + FEATURES).features())
                .containsExactly(
                        "starttls required", "mechanisms SCRAM-SHA-1 PLAIN", "c (http://jabber.org/protocol/caps)");
    }

    @Test
    void reportsAStreamError() {
        String error = "<stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>";
        assertThatThrownBy(() -> XmppStream.parse(HEADER + error))
                .isInstanceOf(ProbeException.class)
                .hasMessage("stream error from the server: host-unknown");
    }

    @Test
    void refusesADtdSoNoEntityIsExpanded() {
        String bomb = "<?xml version='1.0'?><!DOCTYPE lol [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;'>]>"
                + "<stream:stream xmlns:stream='http://etherx.jabber.org/streams' id='&b;'>";
        assertThatThrownBy(() -> XmppStream.parse(bomb))
                .isInstanceOf(ProbeException.class)
                .hasMessageContaining("DTD");
    }

    @Test
    void recognisesProceedFailureAndDataSmuggledAfterProceed() {
        assertThat(XmppStream.proceed("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'"))
                .isNull();
        assertThat(XmppStream.proceed("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>\r\n"))
                .isTrue();
        assertThat(XmppStream.proceed("<proceed xmlns=\"urn:ietf:params:xml:ns:xmpp-tls\"></proceed>"))
                .isTrue();
        assertThat(XmppStream.proceed("<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"))
                .isFalse();
        assertThatThrownBy(() ->
                        XmppStream.proceed("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/><message>evil</message>"))
                .hasMessageContaining("possible STARTTLS injection");
    }

    @Test
    void textChunksNeverSplitACharacter() {
        byte[] text = "aé€😀".getBytes(StandardCharsets.UTF_8); // 1 + 2 + 3 + 4 bytes
        ByteBuf buf = Unpooled.wrappedBuffer(text);
        try {
            int[] expected = {0, 1, 1, 3, 3, 3, 6, 6, 6, 6, 10};
            for (int n = 0; n <= text.length; n++) {
                assertThat(TextChunkFraming.utf8Boundary(buf, n))
                        .as("prefix of %d", n)
                        .isEqualTo(expected[n]);
            }
        } finally {
            buf.release();
        }
    }
}
