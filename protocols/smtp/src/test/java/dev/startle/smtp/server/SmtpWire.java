package dev.startle.smtp.server;

import dev.startle.core.testing.TestPki;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A blocking, hand-driven SMTP client for policy tests: writes exactly the bytes a test gives it (one {@code write}
 * per call, Nagle off) and reads whole replies, with STARTTLS done by the JDK's {@link SSLSocket} over the same socket.
 * Every read is bounded by {@link #READ_TIMEOUT}. Test thread only, never an event loop.
 */
final class SmtpWire implements AutoCloseable {
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    /** One SMTP reply: its code and its lines (without CRLF). */
    record Reply(int code, List<String> lines) {
        String last() {
            return lines.get(lines.size() - 1);
        }

        /** The extension keywords of an EHLO reply (the lines after the first, text after {@code 250-}/{@code 250 }). */
        List<String> extensions() {
            List<String> out = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                out.add(lines.get(i).substring(4));
            }
            return out;
        }

        @Override
        public String toString() {
            return String.join("\\r\\n", lines);
        }
    }

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final int port;

    private SmtpWire(Socket socket, int port) throws IOException {
        this.port = port;
        use(socket);
    }

    /** Connects to {@code 127.0.0.1:port}. */
    static SmtpWire connect(int port) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress("127.0.0.1", port), (int) READ_TIMEOUT.toMillis());
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return new SmtpWire(s, port);
    }

    private void use(Socket s) throws IOException {
        socket = s;
        s.setTcpNoDelay(true);
        s.setSoTimeout((int) READ_TIMEOUT.toMillis());
        in = new BufferedInputStream(s.getInputStream());
        out = s.getOutputStream();
    }

    /** Writes {@code text} (ASCII) in one write. */
    SmtpWire write(String text) throws IOException {
        return write(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes {@code bytes} in one write. */
    SmtpWire write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Sends {@code command} + CRLF and reads the reply. */
    Reply command(String command) throws IOException {
        write(command + "\r\n");
        return reply();
    }

    /** Reads one (possibly multi-line) reply. */
    Reply reply() throws IOException {
        List<String> lines = new ArrayList<>();
        for (; ; ) {
            String line = readLine();
            if (line.length() < 3) {
                throw new IOException("not an SMTP reply line: \"" + line + "\" after " + lines);
            }
            lines.add(line);
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new Reply(Integer.parseInt(line.substring(0, 3)), List.copyOf(lines));
            }
            if (line.charAt(3) != '-') {
                throw new IOException("not an SMTP reply line: \"" + line + "\"");
            }
        }
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (; ; ) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("EOF after \"" + sb + "\" while reading a reply");
            }
            if (b == '\n') {
                if (sb.length() == 0 || sb.charAt(sb.length() - 1) != '\r') {
                    throw new IOException("bare LF after \"" + sb + "\"");
                }
                sb.setLength(sb.length() - 1);
                return sb.toString();
            }
            sb.append((char) b);
        }
    }

    /**
     * Reads until the server closes and returns what came (ASCII); fails with {@link SocketTimeoutException} if the
     * server keeps the connection open for {@link #READ_TIMEOUT}. A reset counts as closed.
     */
    String readToEof() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        try {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                all.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("the server kept the connection open; received so far: \""
                    + all.toString(StandardCharsets.US_ASCII) + "\"");
        } catch (java.net.SocketException e) {
            // reset by the server: closed, too
        }
        return all.toString(StandardCharsets.US_ASCII);
    }

    /** Switches this socket to TLS (after the server's 220 go-ahead), trusting the test CA, checking "localhost". */
    void startTls() throws IOException {
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, TestPki.get().ca().toTrustManagerFactory().getTrustManagers(), null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, "localhost", port, true);
        var params = tls.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(params);
        tls.startHandshake();
        use(tls);
    }

    /** EHLO, STARTTLS, TLS handshake and EHLO again; returns the second EHLO reply. */
    Reply ehloStartTlsEhlo(String name) throws IOException {
        expect(reply(), 220);
        expect(command("EHLO " + name), 250);
        expect(command("STARTTLS"), 220);
        startTls();
        return expect(command("EHLO " + name), 250);
    }

    /** Half-closes: no more bytes from us, but the server's replies can still be read. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Makes {@link #close()} send RST instead of FIN. */
    void resetOnClose() throws IOException {
        socket.setSoLinger(true, 0);
    }

    static Reply expect(Reply reply, int code) {
        if (reply.code() != code) {
            throw new AssertionError("expected " + code + " but the server said: " + reply);
        }
        return reply;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test socket
        }
    }
}
