package dev.startle.sasl.internal;

import static dev.startle.sasl.Steps.emitted;
import static dev.startle.sasl.Steps.emittedText;
import static dev.startle.sasl.Steps.fails;
import static dev.startle.sasl.Steps.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.startle.sasl.ChannelBinding;
import dev.startle.sasl.PasswordCredential;
import dev.startle.sasl.SaslException;
import dev.startle.sasl.SaslExchange;
import dev.startle.sasl.SaslProtocolException;
import dev.startle.sasl.SaslServerVerificationException;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

class ScramExchangeTest {
    // RFC 5802 section 5
    private static final String SHA1_NONCE = "fyko+d2lbbFgONRv9qkxdawL";
    private static final String SHA1_SERVER_FIRST =
            "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096";
    private static final String SHA1_CLIENT_FINAL =
            "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=";
    private static final String SHA1_SERVER_FINAL = "v=rmF9pqV8S7suAoZWja4dJRkFsKQ=";

    // RFC 7677 section 3
    private static final String SHA256_NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final String SHA256_SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private static final String SHA256_CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String SHA256_SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static final PasswordCredential PENCIL = PasswordCredential.of("user", "pencil");

    private static SaslExchange exchange(ScramAlgorithm algorithm, String nonce, PasswordCredential credential) {
        return new ScramMechanism(algorithm, false, () -> nonce, Schedulers::boundedElastic).newExchange(credential);
    }

    private static SaslExchange sha256AfterServerFirst() {
        SaslExchange exchange = exchange(ScramAlgorithm.SHA_256, SHA256_NONCE, PENCIL);
        emitted(exchange.initialResponse());
        emitted(exchange.respond(utf8(SHA256_SERVER_FIRST)));
        return exchange;
    }

    private static SaslExchange sha256AwaitingServerFirst() {
        SaslExchange exchange = exchange(ScramAlgorithm.SHA_256, SHA256_NONCE, PENCIL);
        emitted(exchange.initialResponse());
        return exchange;
    }

    @Test
    void rfc5802ScramSha1Example() {
        SaslExchange exchange = exchange(ScramAlgorithm.SHA_1, SHA1_NONCE, PENCIL);

        assertThat(exchange.mechanism()).isEqualTo("SCRAM-SHA-1");
        assertThat(exchange.isClientFirst()).isTrue();
        assertThat(emittedText(exchange.initialResponse())).isEqualTo("n,,n=user,r=" + SHA1_NONCE);
        assertThat(emittedText(exchange.respond(utf8(SHA1_SERVER_FIRST)))).isEqualTo(SHA1_CLIENT_FINAL);
        assertThat(emitted(exchange.respond(utf8(SHA1_SERVER_FINAL)))).isEmpty();
        exchange.verifyServerFinal(new byte[0]);
    }

    @Test
    void rfc7677ScramSha256Example() {
        SaslExchange exchange = exchange(ScramAlgorithm.SHA_256, SHA256_NONCE, PENCIL);

        assertThat(exchange.mechanism()).isEqualTo("SCRAM-SHA-256");
        assertThat(emittedText(exchange.initialResponse())).isEqualTo("n,,n=user,r=" + SHA256_NONCE);
        assertThat(emittedText(exchange.respond(utf8(SHA256_SERVER_FIRST)))).isEqualTo(SHA256_CLIENT_FINAL);
        assertThat(emitted(exchange.respond(utf8(SHA256_SERVER_FINAL)))).isEmpty();
        exchange.verifyServerFinal(new byte[0]);
    }

    @Test
    void serverFinalAsSuccessDataIsVerified() {
        SaslExchange exchange = sha256AfterServerFirst();

        exchange.verifyServerFinal(utf8(SHA256_SERVER_FINAL));
        exchange.verifyServerFinal(new byte[0]); // already verified
    }

    @Test
    void passwordIsSaslPrepped() {
        SaslExchange exchange =
                exchange(ScramAlgorithm.SHA_256, SHA256_NONCE, PasswordCredential.of("user", "pen\u00ADcil"));
        emitted(exchange.initialResponse());

        assertThat(emittedText(exchange.respond(utf8(SHA256_SERVER_FIRST)))).isEqualTo(SHA256_CLIENT_FINAL);
    }

    @Test
    void aWrongServerSignatureIsRejected() {
        String forged = "v=" + "A".repeat(43) + "=";

        fails(
                sha256AfterServerFirst().respond(utf8(forged)),
                SaslServerVerificationException.class,
                e -> assertThat(e.getMessage()).doesNotContain("pencil"));
        assertThatThrownBy(() -> sha256AfterServerFirst().verifyServerFinal(utf8(forged)))
                .isInstanceOf(SaslServerVerificationException.class);
        assertThatThrownBy(() -> sha256AfterServerFirst().verifyServerFinal(utf8(SHA1_SERVER_FINAL)))
                .isInstanceOf(SaslServerVerificationException.class);
    }

    @Test
    void successWithoutTheServerSignatureIsRejected() {
        assertThatThrownBy(() -> sha256AfterServerFirst().verifyServerFinal(new byte[0]))
                .isInstanceOf(SaslServerVerificationException.class);
        assertThatThrownBy(() -> sha256AwaitingServerFirst().verifyServerFinal(new byte[0]))
                .isInstanceOf(SaslServerVerificationException.class);
        assertThatThrownBy(() -> sha256AwaitingServerFirst().verifyServerFinal(utf8(SHA256_SERVER_FINAL)))
                .isInstanceOf(SaslServerVerificationException.class);
    }

    @Test
    void aServerErrorIsReportedWithoutSecrets() {
        fails(
                sha256AfterServerFirst().respond(utf8("e=invalid-proof")),
                SaslException.class,
                e -> assertThat(e.getMessage()).contains("invalid-proof").doesNotContain("pencil"));
    }

    @Test
    void aServerNonceThatDoesNotExtendTheClientNonceIsRejected() {
        fails(
                sha256AwaitingServerFirst().respond(utf8("r=someoneElsesNonce123,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")),
                SaslProtocolException.class,
                e -> assertThat(e.getMessage()).contains("nonce"));
        fails(
                sha256AwaitingServerFirst().respond(utf8("r=" + SHA256_NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")),
                SaslProtocolException.class);
    }

    @Test
    void iterationCountsOutsideTheBoundsAreRejected() {
        for (String count : new String[] {"4095", "1", "0", "1000001", "99999999999", "-4096", "+4096", "4k"}) {
            String serverFirst = "r=" + SHA256_NONCE + "srv,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=" + count;
            fails(sha256AwaitingServerFirst().respond(utf8(serverFirst)), SaslProtocolException.class);
        }
    }

    @Test
    void malformedServerFirstMessagesAreRejected() {
        String nonce = "r=" + SHA256_NONCE + "srv";
        for (String bad : new String[] {
            "m=ext," + nonce + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
            nonce + ",i=4096,s=W22ZaJ0SNY7soEsUEjb6gQ==",
            nonce + ",s=not*base64,i=4096",
            nonce + ",s=,i=4096",
            nonce + ",s=W22ZaJ0SNY7soEsUEjb6gQ==",
            ""
        }) {
            fails(sha256AwaitingServerFirst().respond(utf8(bad)), SaslProtocolException.class);
        }
        fails(sha256AwaitingServerFirst().respond(new byte[] {(byte) 0xff, 0x72}), SaslProtocolException.class);
    }

    @Test
    void extraChallengesAndRepeatedStepsFail() {
        SaslExchange exchange = sha256AfterServerFirst();
        emitted(exchange.respond(utf8(SHA256_SERVER_FINAL)));

        fails(exchange.respond(utf8(SHA256_SERVER_FINAL)), SaslProtocolException.class);
        fails(exchange.initialResponse(), SaslException.class);
    }

    @Test
    void withoutInitialResponseTheFirstEmptyChallengeGetsClientFirst() {
        SaslExchange exchange = exchange(ScramAlgorithm.SHA_1, SHA1_NONCE, PENCIL);

        assertThat(emittedText(exchange.respond(new byte[0]))).isEqualTo("n,,n=user,r=" + SHA1_NONCE);
        assertThat(emittedText(exchange.respond(utf8(SHA1_SERVER_FIRST)))).isEqualTo(SHA1_CLIENT_FINAL);
    }

    @Test
    void userNameIsEscapedAndAuthorizationIdSent() {
        PasswordCredential credential = PasswordCredential.of("a,b=c", "pencil").withAuthorizationId("admin=1");

        assertThat(emittedText(
                        exchange(ScramAlgorithm.SHA_256, "abc", credential).initialResponse()))
                .isEqualTo("n,a=admin=3D1,n=a=2Cb=3Dc,r=abc");
    }

    @Test
    void clientFlagYWhenBindingAvailableToAPlainMechanism() throws Exception {
        ChannelBinding binding = ChannelBinding.of("tls-server-end-point", new byte[] {9, 8, 7});
        SaslExchange exchange = new ScramMechanism(ScramAlgorithm.SHA_256, false, () -> "abc", Schedulers::immediate)
                .newExchange(PENCIL, binding);

        assertThat(emittedText(exchange.initialResponse())).isEqualTo("y,,n=user,r=abc");
        assertThat(emittedText(exchange.respond(utf8("r=abcdef,s=QSXCR+Q6sek8bf92,i=4096"))))
                .startsWith("c=eSws,r=abcdef,p=");
    }

    @Test
    void plusRoundTripAgainstAnIndependentServer() throws Exception {
        for (ScramAlgorithm algorithm : ScramAlgorithm.values()) {
            byte[] bindingData = {1, 2, 3, 4, 5, 6, 7, 8};
            ScramMechanism mechanism = ScramMechanism.create(algorithm, true);
            SaslExchange exchange = mechanism.newExchange(
                    PasswordCredential.of("user", "p\u00e4ssword"), ChannelBinding.of("tls-exporter", bindingData));
            ScramTestServer server = new ScramTestServer(algorithm == ScramAlgorithm.SHA_256, "p\u00e4ssword");

            assertThat(exchange.mechanism()).isEqualTo(algorithm.mechanismName() + "-PLUS");
            String clientFirst = emittedText(exchange.initialResponse());
            assertThat(clientFirst).startsWith("p=tls-exporter,,n=user,r=");
            String serverFirst = server.serverFirst(clientFirst);
            String serverFinal = server.serverFinal(emittedText(exchange.respond(utf8(serverFirst))), bindingData);
            exchange.verifyServerFinal(utf8(serverFinal));
        }
    }

    @Test
    void plusNeedsBindingData() {
        assertThatThrownBy(() ->
                        ScramMechanism.create(ScramAlgorithm.SHA_256, true).newExchange(PENCIL))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomNoncesArePrintableAndDistinct() {
        ScramMechanism mechanism = new ScramMechanism(
                ScramAlgorithm.SHA_1,
                false,
                ScramMechanism.randomNonces(new SecureRandom()),
                Schedulers::boundedElastic);

        String first = emittedText(mechanism.newExchange(PENCIL).initialResponse());
        String second = emittedText(mechanism.newExchange(PENCIL).initialResponse());

        assertThat(first).matches("n,,n=user,r=[A-Za-z0-9+/]{32}");
        assertThat(second).matches("n,,n=user,r=[A-Za-z0-9+/]{32}").isNotEqualTo(first);
    }

    @Test
    void aProhibitedPasswordFailsWithoutEchoingIt() {
        SaslExchange exchange =
                exchange(ScramAlgorithm.SHA_256, SHA256_NONCE, PasswordCredential.of("user", "hunter\u0007"));
        emitted(exchange.initialResponse());

        fails(
                exchange.respond(utf8(SHA256_SERVER_FIRST)),
                SaslException.class,
                e -> assertThat(e.getMessage()).contains("SASLprep").doesNotContain("hunter"));
    }
}
