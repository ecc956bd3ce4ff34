package dev.startle.benchmarks.harness;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The reference: a small hand-written blocking SMTP client on the JDK's {@code SSLSocket}, one thread per connection.
 * Greeting, EHLO, STARTTLS, handshake (hostname verified), EHLO again; then MAIL, RCPT, DATA pipelined in one write when
 * the server offers PIPELINING (one at a time otherwise) and the pre-dot-stuffed message in one write. Nothing more:
 * it is the least a correct client must do, which is what a library is measured against.
 */
final class SocketLoad implements Load {
    private final LoadConfig config;
    private final SSLSocketFactory factory;
    private final byte[] data;

    SocketLoad(LoadConfig config) throws Exception {
        this.config = config;
        SSLContext context = config.tls() ? config.pki().clientContext() : null;
        this.factory = context == null ? null : context.getSocketFactory();
        this.data = Messages.dotStuffed(Messages.message(config.size()));
    }

    @Override
    public void run(Run run) throws Exception {
        Threads.runAll(config.connections(), config.virtualThreads(), run, i -> {
            Conversation c = null;
            try {
                while (run.running()) {
                    long start = System.nanoTime();
                    try {
                        if (c == null) {
                            c = open();
                        }
                        if (!config.cycleOnly()) {
                            c.send(data);
                        }
                        if (config.newConnectionPerMessage() || config.cycleOnly()) {
                            c.quit();
                            c = null;
                        }
                        run.ok(start);
                    } catch (IOException | RuntimeException e) {
                        run.error(e);
                        if (c != null) {
                            c.abort();
                        }
                        c = null;
                        Run.pause(20);
                    }
                }
            } finally {
                if (c != null) {
                    c.quit();
                }
            }
        });
    }

    private Conversation open() throws IOException {
        Socket plain = new Socket();
        plain.setTcpNoDelay(true);
        plain.connect(new InetSocketAddress("127.0.0.1", config.port()), 30_000);
        plain.setSoTimeout(60_000);
        Conversation c = new Conversation(plain);
        c.expect(220);
        String ehlo = c.command("EHLO client.bench.example", 250);
        if (factory != null) {
            if (!ehlo.contains("STARTTLS")) {
                throw new IOException("STARTTLS not offered");
            }
            c.command("STARTTLS", 220);
            SSLSocket tls = (SSLSocket) factory.createSocket(plain, "localhost", config.port(), true);
            SSLParameters params = tls.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            tls.setSSLParameters(params);
            tls.startHandshake();
            c = new Conversation(tls);
            ehlo = c.command("EHLO client.bench.example", 250);
        }
        c.pipelining = ehlo.contains("PIPELINING");
        return c;
    }

    /** One SMTP conversation over a (plain or TLS) socket. */
    private static final class Conversation {
        private static final byte[] ENVELOPE = ("MAIL FROM:<" + Messages.FROM + ">\r\nRCPT TO:<" + Messages.TO
                        + ">\r\nDATA\r\n")
                .getBytes(StandardCharsets.US_ASCII);

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final StringBuilder reply = new StringBuilder(256);
        boolean pipelining;

        Conversation(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 8192);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        }

        void send(byte[] data) throws IOException {
            if (pipelining) {
                out.write(ENVELOPE);
                out.flush();
                expect(250);
                expect(250);
                expect(354);
            } else {
                command("MAIL FROM:<" + Messages.FROM + ">", 250);
                command("RCPT TO:<" + Messages.TO + ">", 250);
                command("DATA", 354);
            }
            out.write(data);
            out.flush();
            expect(250);
        }

        String command(String line, int code) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return expect(code);
        }

        /** Reads one (possibly multi-line) reply and checks its code; returns its text. */
        String expect(int code) throws IOException {
            reply.setLength(0);
            while (true) {
                int start = reply.length();
                int b;
                while ((b = in.read()) != '\n') {
                    if (b < 0) {
                        throw new IOException("connection closed");
                    }
                    reply.append((char) b);
                }
                if (reply.length() - start < 4 || reply.charAt(start + 3) != '-') {
                    int got = Integer.parseInt(reply.substring(start, start + 3));
                    if (got != code) {
                        throw new IOException("expected " + code + ", got: " + reply);
                    }
                    return reply.toString();
                }
            }
        }

        void quit() {
            try {
                command("QUIT", 221);
            } catch (IOException | RuntimeException ignored) {
                // closing anyway
            }
            abort();
        }

        void abort() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
