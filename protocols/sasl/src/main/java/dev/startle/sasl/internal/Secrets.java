package dev.startle.sasl.internal;

import dev.startle.sasl.SaslException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Turns secret characters into UTF-8 bytes without leaving stray copies behind, and wipes arrays. */
final class Secrets {
    private Secrets() {}

    /** The UTF-8 bytes of {@code chars}; fails (without echoing the input) if they are not valid UTF-16. */
    static byte[] utf8(char[] chars, String what) {
        ByteBuffer encoded;
        try {
            encoded = StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(chars));
        } catch (CharacterCodingException e) {
            throw new SaslException(what + " is not valid Unicode (unpaired surrogate)");
        }
        byte[] out = new byte[encoded.remaining()];
        encoded.get(out);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return out;
    }

    /** Fails if {@code chars} contains NUL, which PLAIN uses as its separator. */
    static void requireNoNul(char[] chars, String what) {
        for (char c : chars) {
            if (c == '\0') {
                throw new SaslException(what + " must not contain NUL");
            }
        }
    }

    static void wipe(byte[] bytes) {
        Arrays.fill(bytes, (byte) 0);
    }

    static void wipe(char[] chars) {
        Arrays.fill(chars, '\0');
    }
}
