package dev.startle.smtp.internal;

import dev.startle.core.LineConnection;
import dev.startle.smtp.ExtensionRequiredException;
import dev.startle.smtp.MessageTooLargeException;
import dev.startle.smtp.Recipient;
import dev.startle.smtp.RecipientsRejectedException;
import dev.startle.smtp.SendResult;
import dev.startle.smtp.SmtpException;
import dev.startle.smtp.SmtpExtensions;
import dev.startle.smtp.SmtpMessage;
import dev.startle.smtp.SmtpReply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One mail transaction on a session: local checks, MAIL FROM and RCPT TO (one pipelined group when the server offers
 * PIPELINING, DATA included), then the body: DATA with dot-stuffing, or BDAT chunks when the server offers CHUNKING
 * and PIPELINING.
 */
final class Transaction {
    private static final Pattern QUEUE_ID = Pattern.compile(
            "(?:queued as|id=|queued with id|Message accepted as)\\s*([A-Za-z0-9._-]+)", Pattern.CASE_INSENSITIVE);

    /** Smallest BDAT chunk except the last: fewer commands and replies per message. */
    static final int BDAT_CHUNK = 64 * 1024;

    private final DefaultSmtpSession session;
    private final SmtpMessage message;
    private final SmtpExtensions ext;
    private final LineConnection connection;
    private final ReplyReader replies;
    private final boolean chunking;

    Transaction(DefaultSmtpSession session, SmtpMessage message) {
        this.session = session;
        this.message = message;
        this.ext = session.extensions();
        this.connection = session.connection();
        this.replies = session.replies();
        this.chunking = session.options().useChunking() && ext.chunking() && ext.pipelining();
    }

    Mono<SendResult> run() {
        return Mono.defer(() -> {
            checkLocally();
            session.transactionStarted();
            return envelope();
        });
    }

    private void checkLocally() {
        if (message.requiresSmtpUtf8() && !ext.smtpUtf8()) {
            throw new ExtensionRequiredException("SMTPUTF8", "the envelope has UTF-8 addresses");
        }
        if (message.body().has8BitContent() && !ext.eightBitMime() && !chunking) {
            throw new ExtensionRequiredException("8BITMIME", "the message has 8-bit content");
        }
        long limit = ext.maxSize().orElse(0);
        if (limit > 0
                && message.body().size().isPresent()
                && message.body().size().getAsLong() > limit) {
            throw new MessageTooLargeException(message.body().size().getAsLong(), limit);
        }
    }

    /** MAIL FROM and RCPT TO, then the data. */
    private Mono<SendResult> envelope() {
        List<String> commands = new ArrayList<>();
        commands.add(MailCommands.mailFrom(message, ext));
        for (Recipient r : message.recipients()) {
            commands.add(MailCommands.rcptTo(r, ext));
        }
        // Not when every recipient must be accepted: after a 354 the only way out is to end the data, which would
        // deliver an empty message to the recipients that were accepted.
        boolean pipelineData =
                ext.pipelining() && !chunking && !session.options().requireAllRecipients();
        if (pipelineData) {
            commands.add("DATA");
        }
        Mono<List<SmtpReply>> envelopeReplies = ext.pipelining()
                ? connection.send(commands.toArray(String[]::new)).then(readReplies(commands.size()))
                : sequential(commands);
        return envelopeReplies.flatMap(list -> afterEnvelope(list, pipelineData));
    }

    /** Reads the pipelined replies; a 421 ends the batch at once (the server is closing, no more replies come). */
    private Mono<List<SmtpReply>> readReplies(int n) {
        return Flux.range(0, n)
                .concatMap(i -> replies.next(), 0)
                .takeUntil(reply -> reply.code() == 421)
                .collectList();
    }

    /** Without PIPELINING: one command at a time, stopping at a refused MAIL FROM. */
    private Mono<List<SmtpReply>> sequential(List<String> commands) {
        List<SmtpReply> out = new ArrayList<>();
        return Flux.fromIterable(commands)
                .concatMap(c -> session.command(c).doOnNext(out::add), 0)
                .takeUntil(reply -> out.size() == 1 && !reply.isPositive())
                .then(Mono.fromSupplier(() -> out));
    }

    private Mono<SendResult> afterEnvelope(List<SmtpReply> list, boolean pipelinedData) {
        SmtpReply mail = list.get(0);
        List<Recipient> accepted = new ArrayList<>();
        Map<Recipient, SmtpReply> rejected = new LinkedHashMap<>();
        for (int i = 0; i < message.recipients().size() && i + 1 < list.size(); i++) {
            Recipient r = message.recipients().get(i);
            SmtpReply reply = list.get(i + 1);
            if (reply.isPositive()) {
                accepted.add(r);
            } else {
                rejected.put(r, reply);
            }
        }
        SmtpReply data = pipelinedData ? list.get(list.size() - 1) : null;
        if (!mail.isPositive()) {
            return abort(data).then(Mono.error(new SmtpException("MAIL FROM", mail)));
        }
        if (accepted.isEmpty() || (session.options().requireAllRecipients() && !rejected.isEmpty())) {
            SmtpReply first = rejected.values().iterator().next();
            return abort(data).then(Mono.error(new RecipientsRejectedException(rejected, first)));
        }
        Mono<SmtpReply> body = chunking
                ? bdat()
                : (pipelinedData ? Mono.just(data) : session.command("DATA"))
                        .flatMap(reply -> reply.code() == 354
                                ? data()
                                : reset().then(Mono.error(new SmtpException("DATA", reply))));
        return body.map(
                finalReply -> new SendResult(accepted, rejected, finalReply, queueId(finalReply), false, List.of()));
    }

    /**
     * Abandons the transaction after a refusal. A pipelined DATA that the server (wrongly) accepted gets an empty
     * message terminator so the session stays in step; then RSET.
     */
    private Mono<Void> abort(SmtpReply pipelinedData) {
        Mono<Void> terminate = pipelinedData != null && pipelinedData.code() == 354
                ? connection.send(".").then(replies.next()).then()
                : Mono.empty();
        return terminate.then(reset());
    }

    /**
     * RSET after a refusal, best effort: when it fails (e.g. the server said 421 and closed), the caller must still see
     * the refusal, not the failed clean-up; the session, left out of step, is then discarded by the pool.
     */
    private Mono<Void> reset() {
        return session.command("RSET")
                .doOnNext(r -> {
                    if (r.isPositive()) {
                        session.transactionEnded();
                    }
                })
                .then()
                .onErrorResume(e -> Mono.empty());
    }

    /** DATA: the dot-stuffed, CRLF-normalised body, then the final reply. */
    private Mono<SmtpReply> data() {
        Flux<ByteBuf> wire = Flux.defer(() -> {
            DataEncoder encoder = DataEncoder.forData();
            return message.body()
                    .content()
                    .map(chunk -> encoder.encode(chunk))
                    .concatWith(Mono.fromCallable(() -> encoder.finish()));
        });
        return connection
                .send(wire)
                .then(Mono.fromRunnable(session::markInDoubt))
                .then(replies.next())
                .doOnNext(reply -> {
                    session.settled();
                    session.transactionEnded();
                })
                .flatMap(reply -> reply.isPositive() ? Mono.just(reply) : Mono.error(new SmtpException("DATA", reply)));
    }

    /**
     * BDAT (RFC 3030), pipelined: each chunk goes as {@code BDAT <n>} plus its bytes; the last one held back until the
     * body ends so it can carry LAST. One reply per BDAT command; the last one is the final reply.
     */
    private Mono<SmtpReply> bdat() {
        List<CompletableFuture<SmtpReply>> chunkReplies = new ArrayList<>();
        Flux<Object> wire = Flux.defer(() -> {
            DataEncoder encoder = DataEncoder.forBdat();
            ByteBuf[] held = new ByteBuf[1];
            long[] pending = {0};
            return message.body()
                    .content()
                    .map(chunk -> encoder.encode(chunk))
                    // Coalesce small buffers (a MIME writer emits many) into chunks of at least BDAT_CHUNK bytes.
                    .bufferUntil(b -> {
                        pending[0] += b.readableBytes();
                        if (pending[0] >= BDAT_CHUNK) {
                            pending[0] = 0;
                            return true;
                        }
                        return false;
                    })
                    .map(list -> list.size() == 1 ? list.get(0) : Unpooled.wrappedBuffer(list.toArray(ByteBuf[]::new)))
                    .concatMap(
                            chunk -> {
                                ByteBuf previous = held[0];
                                held[0] = chunk;
                                return previous == null ? Flux.empty() : chunk(previous, false, chunkReplies);
                            },
                            1)
                    .concatWith(Flux.defer(() -> {
                        ByteBuf tail = encoder.finish();
                        ByteBuf last = held[0] == null ? tail : Unpooled.wrappedBuffer(held[0], tail);
                        held[0] = null;
                        return chunk(last, true, chunkReplies);
                    }))
                    .doOnDiscard(ByteBuf.class, ByteBuf::release)
                    .doFinally(signal -> {
                        if (held[0] != null) {
                            held[0].release();
                            held[0] = null;
                        }
                    });
        });
        return connection
                .send(wire)
                .then(Mono.fromRunnable(session::markInDoubt))
                .then(Mono.defer(() -> Flux.fromIterable(chunkReplies)
                        .concatMap(Mono::fromFuture)
                        .collectList()))
                .doOnNext(all -> {
                    session.settled();
                    session.transactionEnded();
                })
                .flatMap(all -> {
                    for (SmtpReply reply : all) {
                        if (!reply.isPositive()) {
                            return Mono.error(new SmtpException("BDAT", reply));
                        }
                    }
                    return Mono.just(all.get(all.size() - 1));
                });
    }

    private Flux<Object> chunk(ByteBuf data, boolean last, List<CompletableFuture<SmtpReply>> chunkReplies) {
        String command = "BDAT " + data.readableBytes() + (last ? " LAST" : "");
        // Register for the reply before the command leaves, so replies pair with commands in order.
        chunkReplies.add(replies.next().toFuture());
        return Flux.just(command, data);
    }

    static Optional<String> queueId(SmtpReply reply) {
        Matcher m = QUEUE_ID.matcher(reply.text());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
