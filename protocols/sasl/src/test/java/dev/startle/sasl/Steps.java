package dev.startle.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Drives exchange steps in tests with bounded StepVerifier runs. */
public final class Steps {
    /** Bound for every verification; SCRAM steps run PBKDF2 on another scheduler. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Steps() {}

    /** The single value {@code step} emits, asserting that it then completes. */
    public static byte[] emitted(Mono<byte[]> step) {
        AtomicReference<byte[]> value = new AtomicReference<>();
        StepVerifier.create(step).consumeNextWith(value::set).expectComplete().verify(TIMEOUT);
        return value.get();
    }

    /** The value {@code step} emits, as UTF-8 text. */
    public static String emittedText(Mono<byte[]> step) {
        return new String(emitted(step), StandardCharsets.UTF_8);
    }

    /** Asserts that {@code step} fails with {@code type}, then runs {@code check} on the error. */
    public static <T extends Throwable> void fails(Mono<?> step, Class<T> type, Consumer<T> check) {
        StepVerifier.create(step)
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(type);
                    check.accept(type.cast(e));
                })
                .verify(TIMEOUT);
    }

    /** Asserts that {@code step} fails with {@code type}. */
    public static void fails(Mono<?> step, Class<? extends Throwable> type) {
        fails(step, type, e -> {});
    }

    /** UTF-8 bytes of {@code text}. */
    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
