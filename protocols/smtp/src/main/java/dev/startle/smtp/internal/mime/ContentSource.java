package dev.startle.smtp.internal.mime;

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
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The raw bytes of an attachment, read afresh for each subscription in chunks of at most {@link
 * Base64Encoder#MAX_INPUT} (files, arrays) or as the user's publisher delivers them. Every buffer emitted is owned by
 * the subscriber. When the size is known, a stream that delivers a different number of bytes fails rather than
 * silently sending a message whose declared SIZE is wrong.
 */
public abstract class ContentSource {
    private final OptionalLong size;

    private ContentSource(OptionalLong size) {
        this.size = size;
    }

    /** The raw bytes, once per subscription. */
    public abstract Flux<ByteBuf> bytes();

    /** The number of raw bytes, if known. */
    public final OptionalLong size() {
        return size;
    }

    /** Bytes in memory (the caller's array is copied). */
    public static ContentSource of(byte[] content) {
        byte[] copy = content.clone();
        return new ContentSource(OptionalLong.of(copy.length)) {
            @Override
            public Flux<ByteBuf> bytes() {
                return Flux.range(0, (copy.length + Base64Encoder.MAX_INPUT - 1) / Base64Encoder.MAX_INPUT)
                        .map(i -> {
                            int offset = i * Base64Encoder.MAX_INPUT;
                            int length = Math.min(Base64Encoder.MAX_INPUT, copy.length - offset);
                            return Unpooled.wrappedBuffer(copy, offset, length).asReadOnly();
                        });
            }
        };
    }

    /**
     * A file, read on a bounded-elastic thread only as the encoded output is requested; its size is taken now and
     * checked again when it has been read.
     */
    public static ContentSource of(Path file) {
        Objects.requireNonNull(file, "file");
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + file, e);
        }
        return new ContentSource(OptionalLong.of(size)) {
            @Override
            public Flux<ByteBuf> bytes() {
                Flux<ByteBuf> chunks = Flux.using(
                        () -> FileChannel.open(file, StandardOpenOption.READ),
                        channel -> Flux.<ByteBuf>generate(sink -> {
                            // direct: FileChannel reads into it without a copy, and leak detection covers it
                            ByteBuf buf = Unpooled.directBuffer(Base64Encoder.MAX_INPUT, Base64Encoder.MAX_INPUT);
                            try {
                                if (buf.writeBytes(channel, Base64Encoder.MAX_INPUT) < 0) {
                                    buf.release();
                                    sink.complete();
                                } else {
                                    sink.next(buf);
                                }
                            } catch (IOException e) {
                                buf.release();
                                sink.error(new UncheckedIOException("cannot read " + file, e));
                            }
                        }),
                        channel -> {
                            try {
                                channel.close();
                            } catch (IOException ignored) {
                                // read-only: nothing is lost
                            }
                        });
                return checkLength(chunks, size, file + " changed size since the message was built")
                        .subscribeOn(Schedulers.boundedElastic());
            }
        };
    }

    /**
     * A publisher subscribed once per subscription to the message (so it must be cold to be sent more than once); its
     * buffers are released after encoding. {@code size} is the number of bytes it delivers, if known.
     */
    public static ContentSource of(Publisher<ByteBuf> content, OptionalLong size) {
        Objects.requireNonNull(content, "content");
        return new ContentSource(size) {
            @Override
            public Flux<ByteBuf> bytes() {
                Flux<ByteBuf> chunks = Flux.from(content);
                return size.isPresent()
                        ? checkLength(
                                chunks, size.getAsLong(), "attachment publisher did not deliver its declared size")
                        : chunks;
            }
        };
    }

    private static Flux<ByteBuf> checkLength(Flux<ByteBuf> chunks, long expected, String problem) {
        return Flux.defer(() -> {
            long[] seen = {0};
            return chunks.doOnNext(b -> seen[0] += b.readableBytes())
                    .concatWith(Mono.defer(() -> seen[0] == expected
                            ? Mono.empty()
                            : Mono.error(new IllegalStateException(
                                    problem + ": expected " + expected + " bytes, got " + seen[0]))));
        });
    }
}
