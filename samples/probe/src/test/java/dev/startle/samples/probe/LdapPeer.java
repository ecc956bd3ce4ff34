package dev.startle.samples.probe;

import dev.startle.core.testing.TestPki;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A blocking LDAP peer for one connection, on its own thread: answers the StartTLS extended operation with
 * {@code resultCode} and, on success, switches the socket to TLS (JDK {@code SSLSocket} layered over it) and waits
 * for the unbind. With {@code implicit} it is an LDAPS server instead.
 *
 * <p>Not a Startle {@code LineServer}: its server-role upgrade writes the go-ahead as a line (CRLF added), while
 * LDAP's go-ahead is a BER message.
 */
final class LdapPeer implements AutoCloseable {
    private final ServerSocket server;
    private final CompletableFuture<byte[]> request = new CompletableFuture<>();

    private LdapPeer(boolean implicit, int resultCode) throws Exception {
        server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        server.setSoTimeout(10_000);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(TestPki.get().server().toKeyManagerFactory().getKeyManagers(), null, null);
        Thread t = new Thread(() -> serve(tls, implicit, resultCode), "ldap-peer-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    static LdapPeer start(boolean implicit, int resultCode) {
        try {
            return new LdapPeer(implicit, resultCode);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** The StartTLS request as received (whole LDAPMessage), once the peer has it. */
    byte[] request() throws Exception {
        return request.get(10, TimeUnit.SECONDS);
    }

    private void serve(SSLContext tls, boolean implicit, int resultCode) {
        try (Socket plain = server.accept()) {
            plain.setSoTimeout(10_000);
            if (implicit) {
                try (SSLSocket s = secure(tls, plain)) {
                    readMessage(s.getInputStream()); // the unbind
                }
                return;
            }
            byte[] req = readMessage(plain.getInputStream());
            request.complete(req);
            OutputStream out = plain.getOutputStream();
            out.write(response(resultCode));
            out.flush();
            if (resultCode != 0) {
                readMessage(plain.getInputStream()); // the unbind
                return;
            }
            try (SSLSocket s = secure(tls, plain)) {
                readMessage(s.getInputStream());
            }
        } catch (Exception e) {
            request.completeExceptionally(e);
        }
    }

    private static SSLSocket secure(SSLContext tls, Socket plain) throws IOException {
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(plain, null, plain.getPort(), false);
        s.setUseClientMode(false);
        s.startHandshake();
        return s;
    }

    /** An ExtendedResponse to messageID 1, with the StartTLS OID as responseName on success. */
    static byte[] response(int resultCode) {
        byte[] name = resultCode == 0 ? Ber.octetString(0x8a, LdapMessages.START_TLS_OID) : new byte[0];
        return Ber.tlv(
                0x30,
                Ber.integer(Ber.INTEGER, 1),
                Ber.tlv(
                        0x78,
                        Ber.integer(Ber.ENUMERATED, resultCode),
                        Ber.octetString(Ber.OCTET_STRING, ""),
                        Ber.octetString(Ber.OCTET_STRING, resultCode == 0 ? "" : "not now"),
                        name));
    }

    private static byte[] readMessage(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int tag = data.readUnsignedByte();
        int first = data.readUnsignedByte();
        int length = Ber.readLength(first, () -> {
            try {
                return data.readUnsignedByte();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        byte[] value = new byte[length];
        data.readFully(value);
        return Ber.tlv(tag, value);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
