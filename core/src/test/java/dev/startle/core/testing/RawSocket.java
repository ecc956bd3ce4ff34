package dev.startle.core.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A blocking TCP socket for hand-written peers in tests (a raw attacker client, or the accepted side of a
 * {@link ScriptedPeer}). Every read is bounded by a timeout, so a test never hangs on it. Each {@code write} is one
 * {@code write(2)} with Nagle off, so what one call writes travels as one TCP segment and separate calls as separate
 * segments (on loopback). Blocking: use it on the test thread or a plain thread, never on an event loop.
 */
public final class RawSocket implements AutoCloseable {
    /** The default bound on any single read. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** Wraps a connected socket. */
    public RawSocket(Socket socket) {
        try {
            this.socket = socket;
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects to {@code 127.0.0.1:port}. */
    public static RawSocket connect(int port) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress("127.0.0.1", port), (int) READ_TIMEOUT.toMillis());
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return new RawSocket(s);
    }

    /** Reads one CRLF-terminated line (without the CRLF), as ASCII; fails on EOF or a bare LF. */
    public String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (; ; ) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("EOF after \"" + sb + "\" while reading a line");
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

    /** Reads one byte; -1 at EOF. */
    public int readByte() throws IOException {
        return in.read();
    }

    /** Reads exactly {@code n} bytes; fails on EOF. */
    public byte[] readFully(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EOFException("EOF after " + b.length + " of " + n + " bytes");
        }
        return b;
    }

    /** Reads one TLS record (5-byte header and body), e.g. the peer's ClientHello, and returns it whole. */
    public byte[] readTlsRecord() throws IOException {
        byte[] header = readFully(5);
        int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
        byte[] body = readFully(length);
        byte[] record = new byte[5 + length];
        System.arraycopy(header, 0, record, 0, 5);
        System.arraycopy(body, 0, record, 5, length);
        return record;
    }

    /**
     * Reads everything until the peer closes and returns it; fails with {@link java.net.SocketTimeoutException} when
     * the peer keeps the connection open for {@link #READ_TIMEOUT}, and with a {@link java.net.SocketException} when it
     * resets the connection instead of closing it.
     */
    public byte[] readToEof() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        for (int n; (n = in.read(chunk)) >= 0; ) {
            all.write(chunk, 0, n);
        }
        return all.toByteArray();
    }

    /** Writes {@code text} as ASCII in one write. */
    public void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes {@code bytes} in one write. */
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Makes {@link #close()} reset the connection (RST) instead of closing it in order (FIN). */
    public void resetOnClose() throws IOException {
        socket.setSoLinger(true, 0);
    }

    /** The socket's remote port. */
    public int port() {
        return socket.getPort();
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
