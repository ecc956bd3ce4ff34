package dev.startle.smtp;

import static dev.startle.smtp.MimeFixtures.TIMEOUT;
import static dev.startle.smtp.MimeFixtures.collect;
import static dev.startle.smtp.MimeFixtures.parse;
import static dev.startle.smtp.MimeFixtures.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.SharedFileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The body streams with backpressure, in small buffers, the same bytes on every subscription, without leaks. */
class MailMessageStreamingTest {
    private static final int MAX_BUFFER = 128 * 1024;

    @TempDir
    Path dir;

    private static MailMessageBuilder base() {
        return MailMessage.builder()
                .from("alice@example.org")
                .to("bob@example.net")
                .subject("s")
                .text("see attached");
    }

    @Test
    void aTwentyMegabyteFileIsStreamedInSmallBuffersAndArrivesIntact() throws Exception {
        Path file = dir.resolve("big.bin");
        byte[] expectedDigest = writeRandomFile(file, 20 * 1024 * 1024);
        MailMessage message = base().attach(Attachment.of("big.bin", "application/octet-stream", file))
                .build();
        Path out = dir.resolve("message.eml");
        AtomicInteger largest = new AtomicInteger();
        AtomicLong total = new AtomicLong();

        try (OutputStream sink = Files.newOutputStream(out)) {
            StepVerifier.create(message.toSmtpMessage().body().content())
                    .thenConsumeWhile(buf -> {
                        largest.accumulateAndGet(buf.readableBytes(), Math::max);
                        total.addAndGet(buf.readableBytes());
                        try {
                            buf.readBytes(sink, buf.readableBytes());
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        } finally {
                            buf.release();
                        }
                        return true;
                    })
                    .expectComplete()
                    .verify(TIMEOUT);
        }

        assertThat(largest.get()).isLessThanOrEqualTo(MAX_BUFFER);
        assertThat(total.get())
                .isEqualTo(Files.size(out))
                .isEqualTo(message.size().orElseThrow());
        assertThat(message.toSmtpMessage().body().size()).hasValue(total.get());
        MimeMessage parsed = new MimeMessage(MimeFixtures.SESSION, new SharedFileInputStream(out.toFile()));
        BodyPart attachment = ((MimeMultipart) parsed.getContent()).getBodyPart(1);
        assertThat(sha256(attachment.getInputStream())).isEqualTo(expectedDigest);
    }

    @Test
    void aPublisherAttachmentIsPulledOnlyAsTheOutputIsRequested() {
        AtomicInteger emitted = new AtomicInteger();
        Flux<ByteBuf> source = Flux.range(0, 1000).map(i -> {
            emitted.incrementAndGet();
            return Unpooled.directBuffer(10_000).writeZero(10_000);
        });
        MailMessage message = base().attach(Attachment.of("a.bin", "application/octet-stream", source))
                .build();

        StepVerifier.create(message.content(), 0)
                .thenRequest(3)
                .expectNextCount(3)
                .then(() -> assertThat(emitted.get()).isLessThanOrEqualTo(4))
                .thenCancel()
                .verify(TIMEOUT);
        // what was emitted but not consumed was released (the leak detector fails the class otherwise)
        assertThat(emitted.get()).isLessThan(10);
    }

    @Test
    void everyBufferTakenFromAPublisherIsReleasedWhetherSentOrCancelled() {
        List<ByteBuf> handedOver = new CopyOnWriteArrayList<>();
        Flux<ByteBuf> source = Flux.range(0, 50).map(i -> {
            ByteBuf buf = Unpooled.directBuffer(70_000).writeZero(70_000);
            handedOver.add(buf);
            return buf;
        });
        MailMessage message = base().attach(Attachment.of("a.bin", "application/octet-stream", source))
                .build();

        collect(message.content());
        assertThat(handedOver)
                .hasSize(50)
                .allSatisfy(buf -> assertThat(buf.refCnt()).isZero());

        handedOver.clear();
        StepVerifier.create(message.content().doOnNext(ByteBuf::release), 0)
                .thenRequest(4)
                .expectNextCount(4)
                .thenCancel()
                .verify(TIMEOUT);
        assertThat(handedOver)
                .isNotEmpty()
                .allSatisfy(buf -> assertThat(buf.refCnt()).isZero());
    }

    @Test
    void eachSubscriptionProducesTheSameBytes() throws Exception {
        Path file = dir.resolve("f.bin");
        writeRandomFile(file, 300_000);
        byte[] data = new byte[12_345];
        new Random(7).nextBytes(data);
        MailMessage message = base().html("<p>hi</p>")
                .inline("logo", Attachment.of("logo.png", "image/png", data))
                .attach(Attachment.of("f.bin", "application/octet-stream", file))
                .attach(Attachment.of("p.bin", "application/octet-stream", Flux.defer(() -> Flux.just(direct(data)))))
                .build();
        MessageBody body = message.toSmtpMessage().body();

        byte[] first = collect(body.content());
        byte[] second = collect(body.content());
        byte[] third = message.toBytes();

        assertThat(second).isEqualTo(first);
        assertThat(third).isEqualTo(first);
        assertThat(body.size()).isEmpty(); // the publisher's size is not known
    }

    @Test
    void theSizeIsExactForEveryAttachmentLength() throws Exception {
        for (int length : new int[] {0, 1, 2, 3, 56, 57, 58, 113, 114, 115, 57 * 1024, 57 * 1024 + 1, 200_000}) {
            byte[] data = new byte[length];
            new Random(length).nextBytes(data);
            Path file = dir.resolve("f" + length);
            Files.write(file, data);
            MailMessage message = base().attach(Attachment.of("a", "application/octet-stream", data))
                    .attach(Attachment.of("b", "application/octet-stream", file))
                    .attach(Attachment.of(
                            "c", "application/octet-stream", Flux.defer(() -> Flux.just(direct(data))), length))
                    .build();

            byte[] bytes = collect(message.content());

            assertThat(message.size()).as("size for %d bytes", length).hasValue(bytes.length);
            MimeMultipart mixed = (MimeMultipart) parse(bytes).getContent();
            for (int part = 1; part <= 3; part++) {
                assertThat(readAll(mixed.getBodyPart(part).getInputStream()))
                        .as("part %d of %d bytes", part, length)
                        .isEqualTo(data);
            }
        }
    }

    @Test
    void aPublisherDeliveringOtherThanItsDeclaredSizeFailsTheSend() {
        MailMessage message = base().attach(Attachment.of(
                        "a", "application/octet-stream", Flux.defer(() -> Flux.just(direct(new byte[10]))), 11))
                .build();

        StepVerifier.create(message.content().doOnNext(ByteBuf::release))
                .thenConsumeWhile(b -> true)
                .expectErrorMessage("attachment publisher did not deliver its declared size: expected 11 bytes, got 10")
                .verify(TIMEOUT);
    }

    @Test
    void aFileThatChangedSizeSinceBuildingFailsTheSend() throws Exception {
        Path file = dir.resolve("changing.txt");
        Files.write(file, new byte[1000]);
        MailMessage message =
                base().attach(Attachment.of("c.txt", "text/plain", file)).build();
        Files.write(file, new byte[2000]);

        StepVerifier.create(message.content().doOnNext(ByteBuf::release))
                .thenConsumeWhile(b -> true)
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("changed size"))
                .verify(TIMEOUT);
    }

    @Test
    void buildingAndStreamingFromANonBlockingThreadNeverBlocksIt() throws Exception {
        Path file = dir.resolve("f.bin");
        writeRandomFile(file, 500_000);

        // BlockHound is installed for every test: a blocking call on a parallel() thread would fail this.
        byte[] bytes = Mono.fromCallable(() -> base().attach(Attachment.of("f.bin", "application/octet-stream", file))
                        .build())
                .subscribeOn(Schedulers.parallel())
                .flatMapMany(m -> m.content().subscribeOn(Schedulers.parallel()))
                .as(MimeFixtures::collect);

        assertThat(parse(bytes).getContent()).isInstanceOf(MimeMultipart.class);
    }

    @Test
    void cancellingWhileAFileIsReadReleasesItsBuffers() throws Exception {
        Path file = dir.resolve("f.bin");
        writeRandomFile(file, 2_000_000);
        MailMessage message = base().attach(Attachment.of("f.bin", "application/octet-stream", file))
                .build();

        for (int taken = 1; taken < 8; taken++) {
            StepVerifier.create(message.content().doOnNext(ByteBuf::release).take(taken), 0)
                    .thenRequest(taken)
                    .expectNextCount(taken)
                    .verifyComplete();
        }
        // The file's chunks are direct buffers: the leak detector fails this class if one was dropped.
    }

    /** A direct buffer, tracked by the leak detector (unpooled heap buffers are not). */
    private static ByteBuf direct(byte[] data) {
        return Unpooled.directBuffer(data.length).writeBytes(data);
    }

    private static byte[] writeRandomFile(Path file, int size) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        Random random = new Random(size);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int written = 0; written < size; written += chunk.length) {
                random.nextBytes(chunk);
                int n = Math.min(chunk.length, size - written);
                out.write(chunk, 0, n);
                digest.update(chunk, 0, n);
            }
        }
        return digest.digest();
    }

    private static byte[] sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
            digesting.transferTo(OutputStream.nullOutputStream());
        }
        return digest.digest();
    }
}
