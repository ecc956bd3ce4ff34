package dev.startle.smtp.test;

import dev.startle.smtp.server.PasswordAuthenticator;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/** The users of {@link EmbeddedSmtpServer.Builder#withUser}: checks AUTH PLAIN/LOGIN passwords in constant time. */
final class UserDirectory implements PasswordAuthenticator {
    private final Map<String, byte[]> passwords;

    UserDirectory(Map<String, String> users) {
        this.passwords = Map.copyOf(users.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getBytes(StandardCharsets.UTF_8))));
    }

    /** Accepts a known user with the right password; an authorization id must be empty or the user's own. */
    @Override
    public Mono<Boolean> authenticate(String authorizationId, String username, char[] password) {
        byte[] expected = passwords.get(username);
        byte[] given = utf8(password);
        try {
            return Mono.just(expected != null
                    && (authorizationId.isEmpty() || authorizationId.equals(username))
                    && MessageDigest.isEqual(expected, given));
        } finally {
            Arrays.fill(given, (byte) 0);
        }
    }

    private static byte[] utf8(char[] password) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }
}
