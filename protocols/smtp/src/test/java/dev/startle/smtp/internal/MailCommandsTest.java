package dev.startle.smtp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.startle.smtp.MessageBody;
import dev.startle.smtp.Recipient;
import dev.startle.smtp.Recipient.Notify;
import dev.startle.smtp.SmtpExtensions;
import dev.startle.smtp.SmtpMessage;
import dev.startle.smtp.SmtpMessage.DsnReturn;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** MAIL FROM and RCPT TO parameters: each sent only when the server offered its extension (RFC 1870, 6152, 6531, 3461). */
class MailCommandsTest {
    private static final Recipient BOB = Recipient.of("bob@example.net");

    private static SmtpExtensions offering(String... keywords) {
        List<String> lines = new ArrayList<>();
        lines.add("250-mx.example");
        for (int i = 0; i < keywords.length; i++) {
            lines.add("250" + (i == keywords.length - 1 ? " " : "-") + keywords[i]);
        }
        if (keywords.length == 0) {
            lines.set(0, "250 mx.example");
        }
        return SmtpExtensions.parse(ReplyParser.parse(lines));
    }

    private static SmtpMessage message(String from, String body) {
        return SmtpMessage.of(from, List.of(BOB), MessageBody.of(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static SmtpMessage ofUnknownSize() {
        MessageBody body = MessageBody.of(() -> Flux.<ByteBuf>empty(), OptionalLong.empty(), false);
        return SmtpMessage.of("alice@example.org", List.of(BOB), body);
    }

    @Test
    void aPlainMessageToAServerOfferingNothingHasNoParameters() {
        assertThat(MailCommands.mailFrom(message("alice@example.org", "hello"), offering()))
                .isEqualTo("MAIL FROM:<alice@example.org>");
        assertThat(MailCommands.rcptTo(BOB, offering())).isEqualTo("RCPT TO:<bob@example.net>");
    }

    @Test
    void theNullReversePathIsAngleBrackets() {
        assertThat(MailCommands.mailFrom(message("", "bounce"), offering())).isEqualTo("MAIL FROM:<>");
    }

    @Test
    void sizeIsDeclaredOnlyWhenOfferedAndKnown() {
        SmtpMessage fiveBytes = message("alice@example.org", "hello");

        assertThat(MailCommands.mailFrom(fiveBytes, offering("SIZE 1000")))
                .isEqualTo("MAIL FROM:<alice@example.org> SIZE=5");
        assertThat(MailCommands.mailFrom(fiveBytes, offering("SIZE"))).endsWith(" SIZE=5");
        assertThat(MailCommands.mailFrom(fiveBytes, offering("PIPELINING"))).doesNotContain("SIZE");
        assertThat(MailCommands.mailFrom(ofUnknownSize(), offering("SIZE 1000")))
                .doesNotContain("SIZE");
    }

    @Test
    void anEightBitBodyIsDeclaredWhen8BitMimeIsOffered() {
        SmtpMessage eightBit = message("alice@example.org", "caf\u00e9");

        assertThat(MailCommands.mailFrom(eightBit, offering("8BITMIME")))
                .isEqualTo("MAIL FROM:<alice@example.org> BODY=8BITMIME");
        assertThat(MailCommands.mailFrom(eightBit, offering())).doesNotContain("BODY");
        assertThat(MailCommands.mailFrom(message("alice@example.org", "plain"), offering("8BITMIME")))
                .doesNotContain("BODY");
    }

    @Test
    void aUtf8EnvelopeDeclaresSmtpUtf8() {
        SmtpMessage utf8 = SmtpMessage.of(
                "j\u00f6rg@example.org",
                List.of(Recipient.of("\u00e9lodie@example.net")),
                MessageBody.of("hi".getBytes(StandardCharsets.US_ASCII)));

        assertThat(MailCommands.mailFrom(utf8, offering("SMTPUTF8")))
                .isEqualTo("MAIL FROM:<j\u00f6rg@example.org> SMTPUTF8");
        assertThat(MailCommands.rcptTo(utf8.recipients().get(0), offering("SMTPUTF8")))
                .isEqualTo("RCPT TO:<\u00e9lodie@example.net>");
        assertThat(MailCommands.mailFrom(message("alice@example.org", "hi"), offering("SMTPUTF8")))
                .doesNotContain("SMTPUTF8");
    }

    @Test
    void everyParameterTogetherInTheirOrder() {
        SmtpMessage message = SmtpMessage.of(
                        "j\u00f6rg@example.org",
                        List.of(BOB),
                        MessageBody.of("caf\u00e9\r\n".getBytes(StandardCharsets.UTF_8)))
                .withDsn(DsnReturn.HDRS, "QQ314159");

        assertThat(MailCommands.mailFrom(message, offering("SIZE 100", "8BITMIME", "SMTPUTF8", "DSN")))
                .isEqualTo("MAIL FROM:<j\u00f6rg@example.org> SIZE=7 BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=QQ314159");
    }

    @Test
    void dsnRetAndEnvidAreSentOnlyWhenDsnIsOffered() {
        SmtpMessage message = message("alice@example.org", "hi").withDsn(DsnReturn.FULL, "env-1");

        assertThat(MailCommands.mailFrom(message, offering("DSN")))
                .isEqualTo("MAIL FROM:<alice@example.org> RET=FULL ENVID=env-1");
        assertThat(MailCommands.mailFrom(message, offering("PIPELINING"))).isEqualTo("MAIL FROM:<alice@example.org>");
    }

    @Test
    void dsnWithoutRetOrEnvidAddsNothing() {
        assertThat(MailCommands.mailFrom(message("alice@example.org", "hi").withDsn(null, null), offering("DSN")))
                .isEqualTo("MAIL FROM:<alice@example.org>");
    }

    @Test
    void notifyAndOrcptAreSentOnlyWhenDsnIsOffered() {
        Recipient bob =
                BOB.notify(Notify.DELAY, Notify.SUCCESS, Notify.FAILURE).originalRecipient("bob+tag=x@example.net");

        assertThat(MailCommands.rcptTo(bob, offering("DSN")))
                .isEqualTo(
                        "RCPT TO:<bob@example.net> NOTIFY=SUCCESS,FAILURE,DELAY ORCPT=rfc822;bob+2Btag+3Dx@example.net");
        assertThat(MailCommands.rcptTo(bob, offering("PIPELINING"))).isEqualTo("RCPT TO:<bob@example.net>");
        assertThat(MailCommands.rcptTo(BOB.notify(Notify.NEVER), offering("DSN")))
                .isEqualTo("RCPT TO:<bob@example.net> NOTIFY=NEVER");
    }

    @Test
    void anOrcptWithUtf8IsXtextEncodedByteByByte() {
        Recipient recipient = BOB.originalRecipient("\u00e9lodie@example.net");

        assertThat(MailCommands.rcptTo(recipient, offering("DSN")))
                .isEqualTo("RCPT TO:<bob@example.net> ORCPT=rfc822;+C3+A9lodie@example.net");
    }

    @Test
    void xtextEncodesPlusEqualsControlsSpaceAndNonAscii() {
        assertThat(MailCommands.xtext("a+b=c")).isEqualTo("a+2Bb+3Dc");
        assertThat(MailCommands.xtext("\u00e9")).isEqualTo("+C3+A9");
        assertThat(MailCommands.xtext("a b\tc\u007f")).isEqualTo("a+20b+09c+7F");
        assertThat(MailCommands.xtext("!~\"<>")).isEqualTo("!~\"<>");
        assertThat(MailCommands.xtext("")).isEmpty();
    }

    @Test
    void notifyNeverCannotBeCombined() {
        assertThatThrownBy(() -> BOB.notify(Notify.NEVER, Notify.SUCCESS)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEnvidThatWouldNeedXtextIsRefused() {
        SmtpMessage message = message("alice@example.org", "hi");

        assertThatThrownBy(() -> message.withDsn(DsnReturn.FULL, "a+b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> message.withDsn(DsnReturn.FULL, "a b")).isInstanceOf(IllegalArgumentException.class);
    }
}
