package dev.startle.smtp.test;

/**
 * How an {@link EmbeddedSmtpServer} treats STARTTLS, so a client can be tested against each kind of server it may meet.
 *
 * <pre>{@code
 * try (EmbeddedSmtpServer server = EmbeddedSmtpServer.builder().startTls(StartTlsBehaviour.BROKEN).start()) {
 *     StepVerifier.create(server.client().send(message))
 *             .expectError(TlsHandshakeException.class)      // hostname verification caught it
 *             .verify(Duration.ofSeconds(10));
 *     assertThat(server.messages()).isEmpty();
 * }
 * }</pre>
 */
public enum StartTlsBehaviour {
    /**
     * STARTTLS is offered and required: AUTH, MAIL, RCPT and DATA are refused with {@code 530 5.7.0 Must issue a
     * STARTTLS command first} until the client has upgraded, so a plaintext client delivers nothing.
     */
    REQUIRED,

    /**
     * STARTTLS is offered but optional (the default): clients that upgrade and clients that stay in plaintext both
     * deliver; {@link ReceivedMail#secure()} says which.
     */
    OFFERED,

    /**
     * No STARTTLS at all (plaintext only, as behind a man-in-the-middle that strips the offer): a client that requires
     * TLS must give up before sending anything; a plaintext client delivers.
     */
    ABSENT,

    /**
     * STARTTLS is offered and answered with the go-ahead ({@code 220}), but the handshake then presents a certificate
     * for the wrong host: issued by the kit's own CA (so {@link EmbeddedSmtpServer#clientTlsSettings()} and
     * {@link EmbeddedSmtpServer#trustStore()} trust it) for {@code wrong-host.invalid} instead of {@code localhost} or
     * {@code 127.0.0.1}. Only the host name check can fail, so this tests exactly the check clients most often leave
     * out: a client that verifies host names fails the upgrade (Startle: {@code TlsHandshakeException} with failure
     * {@code HOSTNAME_MISMATCH}) and the connection is closed; a client that does not verify them delivers a message
     * that shows up in the inbox as {@linkplain ReceivedMail#secure() secure}, which a test can assert never happens.
     * A client that never sends STARTTLS delivers in plaintext, as to a real server whose certificate is misconfigured,
     * so a client's deliberate fall-back-to-plaintext path can be tested too.
     */
    BROKEN,

    /**
     * STARTTLS is offered but refused with {@code 454 4.7.0 TLS not available due to local problem}, as a server does
     * whose key material is missing, and the server still requires TLS: MAIL, RCPT, DATA and AUTH are refused with
     * {@code 530 5.7.0}. Nothing is ever delivered. A client requiring TLS fails at the refusal (Startle:
     * {@code TlsRequiredException}); an opportunistic client falls back to plaintext and is then refused at MAIL FROM.
     * This server is a small scripted responder, not a full {@code SmtpServer}: {@link
     * EmbeddedSmtpServer.Builder#customize} and AUTH users do not apply to it.
     */
    REFUSED
}
