/**
 * A test kit for code that sends mail: {@link dev.startle.smtp.test.EmbeddedSmtpServer}, a real Startle SMTP server on
 * {@code 127.0.0.1} with certificates minted at start, a chosen {@link dev.startle.smtp.test.StartTlsBehaviour}
 * (required, offered, absent, broken, refused), optional AUTH users, an inbox of
 * {@link dev.startle.smtp.test.ReceivedMail} (as a list and as a replaying {@code Flux}) and injectable failures; and
 * {@link dev.startle.smtp.test.SmtpServerExtension}, which runs one for JUnit 5 tests.
 *
 * <pre>{@code
 * @RegisterExtension
 * static SmtpServerExtension smtp = SmtpServerExtension.create().startTls(StartTlsBehaviour.REQUIRED);
 *
 * @Test
 * void deliversOverTls(EmbeddedSmtpServer server) {
 *     SmtpClient client = server.client();
 *     StepVerifier.create(client.send(message)).expectNextCount(1).verifyComplete();
 *     StepVerifier.create(server.inbox().take(1))
 *             .assertNext(mail -> assertThat(mail.secure()).isTrue())
 *             .verifyComplete();
 *     client.close().block();
 * }
 * }</pre>
 *
 * <p>Any client can be tested, not only Startle's: the server speaks standard SMTP (RFC 5321) with STARTTLS (RFC 3207),
 * AUTH PLAIN and LOGIN, PIPELINING, 8BITMIME, SMTPUTF8, CHUNKING, DSN and SIZE, and exposes its CA as a PEM file, a
 * {@link java.security.KeyStore} and an {@link javax.net.ssl.SSLContext}.
 */
package dev.startle.smtp.test;
