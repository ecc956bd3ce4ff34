package dev.startle.samples.probe;

import dev.startle.core.Framing;
import dev.startle.core.Line;
import dev.startle.core.LineClient;
import dev.startle.core.LineConnection;
import dev.startle.core.TlsInfo;
import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayOutputStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The probe's side of one connection, as blocking steps: a command-line tool has a thread to spare and reads best as
 * a sequence. Lines are taken one at a time ({@code lines().next()}), so nothing is read ahead of an upgrade. Every
 * wait is bounded by the probe's timeout; a server that closes or stalls becomes a {@link ProbeException}.
 */
final class Conversation implements AutoCloseable {
    /** The most lines a multi-line reply or list may have before the probe gives up on the server. */
    private static final int MAX_LINES = 1000;

    private final LineConnection connection;
    private final Duration timeout;
    private final String serverName;
    private final Transcript transcript;

    Conversation(LineConnection connection, Duration timeout, String serverName, Transcript transcript) {
        this.connection = connection;
        this.timeout = timeout;
        this.serverName = serverName;
        this.transcript = transcript;
    }

    /** Connects (and, for implicit TLS, handshakes) within the timeouts. */
    static Conversation open(LineClient client, Duration timeout, String serverName, Transcript transcript) {
        try {
            LineConnection c = client.connect().block(timeout.multipliedBy(2).plusSeconds(1));
            if (c == null) {
                throw new ProbeException("connecting completed without a connection");
            }
            return new Conversation(c, timeout, serverName, transcript);
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).startsWith("Timeout on blocking read")) {
                throw new ProbeException("no connection within " + Text.duration(timeout.multipliedBy(2)));
            }
            throw e;
        } finally {
            transcript.flush();
        }
    }

    /** The name the server is known by (SNI, certificate check, XMPP's {@code to}). */
    String serverName() {
        return serverName;
    }

    LineConnection connection() {
        return connection;
    }

    /** The local address as an SMTP address literal, e.g. {@code [127.0.0.1]}, for EHLO. */
    String localAddressLiteral() {
        if (connection.localAddress() instanceof InetSocketAddress a && a.getAddress() != null) {
            String ip = a.getAddress().getHostAddress();
            return a.getAddress() instanceof Inet6Address ? "[IPv6:" + ip.replaceAll("%.*$", "") + "]" : "[" + ip + "]";
        }
        return "[127.0.0.1]";
    }

    /** The next line. */
    String line() {
        Line line = await(connection.lines().next(), "a line");
        return line.text();
    }

    /** Sends one line (CRLF added). */
    void send(String line) {
        await(connection.send(line).thenReturn(true), "sending");
    }

    /** Sends raw bytes (the wiretap shows only their count). */
    void sendBytes(byte[] bytes) {
        await(connection.send(Flux.just(bytes)).thenReturn(true), "sending");
    }

    /** Exactly {@code count} raw bytes. */
    byte[] read(int count) {
        Mono<byte[]> bytes = connection
                .bytes(count)
                .map(ByteBufUtil::getBytes)
                .reduce(new ByteArrayOutputStream(), (out, chunk) -> {
                    out.writeBytes(chunk);
                    return out;
                })
                .map(ByteArrayOutputStream::toByteArray);
        byte[] read = await(bytes, count + " bytes");
        if (read.length != count) {
            throw new ProbeException(
                    "the server closed the connection after " + read.length + " of " + count + " bytes");
        }
        return read;
    }

    /** The next frame of a custom framing (XMPP's text chunks). */
    <T> T frame(Framing<T> framing) {
        return await(connection.frames(framing).next(), "data");
    }

    /**
     * A reply in the numbered style of SMTP and FTP: {@code 250-first}, ..., {@code 250 last}. Returns all its lines;
     * in FTP, lines between the first and the last need not start with the code.
     */
    List<String> numberedReply() {
        List<String> lines = new ArrayList<>();
        String first = line();
        lines.add(first);
        if (first.length() < 3 || !first.substring(0, 3).chars().allMatch(Character::isDigit)) {
            throw new ProbeException("not a numbered reply: " + Text.oneLine(first));
        }
        if (first.length() > 3 && first.charAt(3) == '-') {
            String end = first.substring(0, 3) + " ";
            String line;
            do {
                if (lines.size() >= MAX_LINES) {
                    throw new ProbeException("a reply of more than " + MAX_LINES + " lines");
                }
                line = line();
                lines.add(line);
            } while (!line.startsWith(end) && !line.equals(end.trim()));
        }
        return lines;
    }

    /** The lines of a POP3/NNTP multi-line block up to the terminating {@code .}, dot-unstuffed. */
    List<String> dotTerminated() {
        List<String> lines = new ArrayList<>();
        for (String line = line(); !line.equals("."); line = line()) {
            if (lines.size() >= MAX_LINES) {
                throw new ProbeException("a list of more than " + MAX_LINES + " lines");
            }
            lines.add(line.startsWith("..") ? line.substring(1) : line);
        }
        return lines;
    }

    /** Switches to TLS (client role, the connection's settings) and returns what was negotiated. */
    TlsInfo upgrade() {
        LineConnection secured = await(connection.upgradeToTls(), "the TLS handshake");
        return secured.tls().orElseThrow(() -> new ProbeException("the upgrade completed without TLS"));
    }

    void note(String text) {
        transcript.note(text);
        transcript.flush();
    }

    private <T> T await(Mono<T> step, String what) {
        try {
            T value = step.block(timeout.plusSeconds(1));
            if (value == null) {
                throw new ProbeException("the server closed the connection while the probe waited for " + what);
            }
            return value;
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).startsWith("Timeout on blocking read")) {
                throw new ProbeException("no answer within " + Text.duration(timeout) + " while waiting for " + what);
            }
            throw e;
        } finally {
            transcript.flush();
        }
    }

    @Override
    public void close() {
        try {
            connection.close().block(Duration.ofSeconds(5));
        } catch (RuntimeException ignored) {
            // the probe is over either way
        } finally {
            transcript.flush();
        }
    }
}
