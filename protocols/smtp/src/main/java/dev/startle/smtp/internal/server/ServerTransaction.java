package dev.startle.smtp.internal.server;

import dev.startle.core.ConnectionClosedException;
import dev.startle.smtp.server.LineEndingPolicy;
import dev.startle.smtp.server.MessageRejectedException;
import dev.startle.smtp.server.ReceivedMessage;
import dev.startle.smtp.server.SmtpRejectException;
import dev.startle.smtp.server.SmtpServerSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One mail transaction on the server: recipients, then the data (DATA, streamed to the handler) or BDAT chunks. The
 * reply to the end of the data is sent only after the handler's {@code Mono} completed and the data's end arrived.
 */
final class ServerTransaction {
    private static final DataFraming DATA = new DataFraming();

    private final ServerSession session;
    private final String from;
    private final Map<String, String> mailParameters;
    private final List<String> recipients = new ArrayList<>();
    // BDAT state
    private final List<byte[]> chunks = new ArrayList<>();
    private long bdatSize;
    private boolean bdatTooLarge;

    ServerTransaction(ServerSession session, String from, Map<String, String> mailParameters) {
        this.session = session;
        this.from = from;
        this.mailParameters = mailParameters;
    }

    // ---- RCPT TO

    Mono<Void> rcpt(String args) {
        Envelope.Path path = Envelope.parsePath("TO:", args);
        if (path == null || path.address().isEmpty()) {
            return session.reply(501, "5.5.4", "Syntax: RCPT TO:<address> [parameters]");
        }
        if (recipients.size() >= session.settings.maxRecipients()) {
            return session.reply(452, "4.5.3", "Too many recipients");
        }
        if (!Envelope.isAscii(path.address()) && !mailParameters.containsKey("SMTPUTF8")) {
            return session.reply(553, "5.6.7", "Non-ASCII address requires SMTPUTF8");
        }
        return session.handle(session.settings.handler().onRcptTo(session, path.address(), path.parameters()), () -> {
            recipients.add(path.address());
            return session.reply(250, "2.1.5", "Ok");
        });
    }

    // ---- DATA

    Mono<Void> data(String args) {
        if (!args.isEmpty()) {
            return session.reply(501, "5.5.4", "Syntax: DATA");
        }
        if (recipients.isEmpty()) {
            return session.reply(554, "5.5.1", "No valid recipients");
        }
        if (!chunks.isEmpty() || bdatSize > 0) {
            return session.badSequence("DATA after BDAT");
        }
        AtomicBoolean end = new AtomicBoolean();
        // The limits hold whether or not the handler reads the content: the drain checks what the handler left.
        DataLimits limits = new DataLimits();
        Flux<ByteBuf> content = Flux.defer(() -> session.connection
                        .frames(DATA)
                        .takeUntil(frame -> frame == DataFraming.END)
                        .<ByteBuf>handle((frame, sink) -> {
                            if (frame == DataFraming.END) {
                                end.set(true);
                                return;
                            }
                            DataFraming.Chunk chunk = (DataFraming.Chunk) frame;
                            MessageRejectedException broken = limits.check(chunk);
                            if (broken != null) {
                                sink.error(broken);
                            } else {
                                sink.next(Unpooled.wrappedBuffer(chunk.bytes()));
                            }
                        }))
                // The frames also end when the peer closes: without the end of data that is a lost message.
                .concatWith(Mono.defer(() -> end.get()
                        ? Mono.empty()
                        : Mono.error(new ConnectionClosedException("connection lost in the middle of DATA"))));
        Mono<Void> drain = Mono.defer(() -> end.get()
                ? Mono.empty()
                : session.connection
                        .frames(DATA)
                        .takeUntil(frame -> frame == DataFraming.END)
                        .doOnNext(frame -> {
                            if (frame != DataFraming.END) {
                                limits.check((DataFraming.Chunk) frame);
                            }
                        })
                        .filter(frame -> frame == DataFraming.END)
                        .next()
                        .switchIfEmpty(Mono.error(
                                () -> new ConnectionClosedException("connection lost in the middle of DATA")))
                        .doOnNext(frame -> end.set(true))
                        .then());
        return session.connection
                .send("354 End data with <CR><LF>.<CR><LF>")
                .then(deliver(content, drain, limits::broken));
    }

    // ---- BDAT (RFC 3030)

    Mono<Void> bdat(String args) {
        String[] parts = args.split("\\s+");
        long n = chunkSize(args);
        boolean last = parts.length > 1 && parts[1].equalsIgnoreCase("LAST");
        if (n < 0 || parts.length > 2 || (parts.length == 2 && !last)) {
            return session.refuseBdat(args, () -> session.reply(501, "5.5.4", "Syntax: BDAT size [LAST]"));
        }
        // The chunk is read even when it will be refused: the client has already sent it.
        Mono<Void> read = session.connection
                .bytes(n)
                .doOnNext(buf -> {
                    bdatSize += buf.readableBytes();
                    if (bdatSize > session.settings.maxMessageSize()) {
                        bdatTooLarge = true;
                        chunks.clear();
                    } else {
                        chunks.add(ByteBufUtil.getBytes(buf));
                    }
                })
                .then();
        if (recipients.isEmpty()) {
            return read.then(Mono.defer(() -> {
                session.transactionDone();
                return session.reply(554, "5.5.1", "No valid recipients");
            }));
        }
        if (!last) {
            return read.then(Mono.defer(() -> session.reply(250, "2.0.0", n + " octets received")));
        }
        return read.then(Mono.defer(() -> {
            if (bdatTooLarge) {
                session.transactionDone();
                return session.reply(552, "5.3.4", "Message size exceeds fixed maximum message size");
            }
            List<byte[]> all = List.copyOf(chunks);
            Flux<ByteBuf> content = Flux.fromIterable(all).map(Unpooled::wrappedBuffer);
            return deliver(content, Mono.empty(), () -> null);
        }));
    }

    /** The chunk size of a BDAT command's arguments, or -1 when it has none that parses. */
    static long chunkSize(String args) {
        String size = args.split("\\s+", 2)[0];
        if (size.isEmpty() || size.length() > 18 || !size.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(size);
    }

    // ---- delivery

    /**
     * Gives the message to the handler, then makes sure the whole data arrived, then answers: 250 only after both,
     * and only if the data kept the server's limits ({@code broken} is null), whatever the handler made of it. LMTP
     * answers once per recipient.
     */
    private Mono<Void> deliver(Flux<ByteBuf> content, Mono<Void> drain, Supplier<MessageRejectedException> broken) {
        Message message = new Message(content);
        return session.settings
                .handler()
                .onMessage(message)
                .then(drain)
                .then(Mono.defer(() -> answer(message, broken.get())))
                .onErrorResume(error -> {
                    if (error instanceof ConnectionClosedException) {
                        return Mono.error(error); // the client is gone: nothing was acknowledged
                    }
                    return drain.then(Mono.defer(() -> {
                        MessageRejectedException limit = broken.get();
                        return answer(message, limit != null ? limit : error);
                    }));
                })
                .doFinally(signal -> session.transactionDone());
    }

    /** The size and line-ending checks of one DATA transfer; remembers the first limit broken. */
    private final class DataLimits {
        private volatile long size;
        private volatile MessageRejectedException broken;

        /** Counts {@code chunk}; returns the rejection once a limit is broken (by this chunk or before), else null. */
        MessageRejectedException check(DataFraming.Chunk chunk) {
            size += chunk.bytes().length;
            if (broken == null && size > session.settings.maxMessageSize()) {
                broken = new MessageRejectedException(
                        new SmtpRejectException(552, "5.3.4", "Message size exceeds fixed maximum message size"));
            } else if (broken == null
                    && chunk.bareLineEnding()
                    && session.settings.lineEndings() == LineEndingPolicy.REJECT) {
                broken = new MessageRejectedException(new SmtpRejectException(
                        550, "5.6.0", "Message contains bare CR or LF: lines must end with CRLF"));
            }
            return broken;
        }

        MessageRejectedException broken() {
            return broken;
        }
    }

    private Mono<Void> answer(Message message, Throwable error) {
        if (!session.settings.lmtp()) {
            return error == null
                    ? session.reply(250, "2.0.0", "Ok: message accepted")
                    : session.connection.send(session.replyFor(error));
        }
        String[] lines = new String[recipients.size()];
        for (int i = 0; i < lines.length; i++) {
            String rcpt = recipients.get(i);
            SmtpRejectException rejected = message.rejected.get(rcpt);
            lines[i] = error != null
                    ? session.replyFor(error)
                    : rejected != null ? rejected.replyLine() : "250 2.1.5 <" + rcpt + "> delivered";
        }
        return session.connection.send(lines);
    }

    /** The handler's view of the message. */
    private final class Message implements ReceivedMessage {
        private final Flux<ByteBuf> content;
        private final Map<String, SmtpRejectException> rejected = new LinkedHashMap<>();

        Message(Flux<ByteBuf> content) {
            this.content = content;
        }

        @Override
        public String from() {
            return from;
        }

        @Override
        public List<String> recipients() {
            return List.copyOf(recipients);
        }

        @Override
        public Map<String, String> mailParameters() {
            return mailParameters;
        }

        @Override
        public SmtpServerSession session() {
            return session;
        }

        @Override
        public Flux<ByteBuf> content() {
            return content;
        }

        @Override
        public Mono<byte[]> bytes() {
            return content.collect(ByteArrayOutputStream::new, (out, buf) -> {
                        try {
                            buf.readBytes(out, buf.readableBytes());
                        } catch (java.io.IOException e) {
                            throw new IllegalStateException(e);
                        } finally {
                            buf.release();
                        }
                    })
                    .map(ByteArrayOutputStream::toByteArray);
        }

        @Override
        public synchronized void rejectRecipient(String recipient, SmtpRejectException rejection) {
            if (!recipients.contains(recipient)) {
                throw new IllegalArgumentException("not a recipient of this message: " + recipient);
            }
            rejected.put(recipient, rejection);
        }
    }
}
