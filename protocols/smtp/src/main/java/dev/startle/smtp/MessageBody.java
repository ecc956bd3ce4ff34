package dev.startle.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The RFC 5322 bytes of a message (headers, blank line, body), streamed. The client dot-stuffs and normalises line
 * endings to CRLF while sending (or sends BDAT chunks as they are), so the content is the plain message as a mail
 * store would keep it.
 *
 * <p>{@link #content()} must produce the same bytes on each subscription: a send that is retried on a fresh connection
 * reads the body again. Each emitted {@link ByteBuf} is owned by the subscriber (the client releases it).
 */
public interface MessageBody {

    /** The bytes, streamed with backpressure; one fresh stream per subscription. */
    Flux<ByteBuf> content();

    /** The size in bytes if known up front; used for SIZE= and to refuse locally a message over the server's limit. */
    OptionalLong size();

    /** Whether the content has bytes over 127 (then BODY=8BITMIME is declared, or the send fails without it). */
    boolean has8BitContent();

    /** A body from bytes in memory (copied). */
    static MessageBody of(byte[] bytes) {
        byte[] copy = bytes.clone();
        boolean eightBit = false;
        for (byte b : copy) {
            if (b < 0) {
                eightBit = true;
                break;
            }
        }
        boolean has8Bit = eightBit;
        return new MessageBody() {
            @Override
            public Flux<ByteBuf> content() {
                return Flux.defer(() -> Flux.just(Unpooled.wrappedBuffer(copy)));
            }

            @Override
            public OptionalLong size() {
                return OptionalLong.of(copy.length);
            }

            @Override
            public boolean has8BitContent() {
                return has8Bit;
            }
        };
    }

    /**
     * A body streamed from a file in 64 KiB chunks, read on a bounded-elastic thread as the connection asks for more
     * (a 200 MB message is never held in memory). {@code eightBit} declares whether it has bytes over 127.
     */
    static MessageBody of(Path file, boolean eightBit) {
        Objects.requireNonNull(file, "file");
        return new MessageBody() {
            @Override
            public Flux<ByteBuf> content() {
                return Flux.using(
                                () -> FileChannel.open(file, StandardOpenOption.READ),
                                channel -> Flux.<ByteBuf>generate(sink -> {
                                    ByteBuf buf = Unpooled.buffer(64 * 1024);
                                    try {
                                        int n = buf.writeBytes(channel, 64 * 1024);
                                        if (n < 0) {
                                            buf.release();
                                            sink.complete();
                                        } else {
                                            sink.next(buf);
                                        }
                                    } catch (IOException e) {
                                        buf.release();
                                        sink.error(e);
                                    }
                                }),
                                channel -> {
                                    try {
                                        channel.close();
                                    } catch (IOException ignored) {
                                        // nothing to do
                                    }
                                })
                        .subscribeOn(Schedulers.boundedElastic(), false);
            }

            @Override
            public OptionalLong size() {
                try {
                    return OptionalLong.of(Files.size(file));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public boolean has8BitContent() {
                return eightBit;
            }
        };
    }

    /**
     * A body from a publisher factory (called once per send attempt). Size unknown unless given; {@code eightBit}
     * declares whether it has bytes over 127.
     */
    static MessageBody of(Supplier<? extends Publisher<ByteBuf>> content, OptionalLong size, boolean eightBit) {
        Objects.requireNonNull(content, "content");
        return new MessageBody() {
            @Override
            public Flux<ByteBuf> content() {
                return Flux.defer(content::get);
            }

            @Override
            public OptionalLong size() {
                return size;
            }

            @Override
            public boolean has8BitContent() {
                return eightBit;
            }
        };
    }
}
