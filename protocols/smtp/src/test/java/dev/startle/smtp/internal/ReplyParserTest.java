package dev.startle.smtp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.startle.core.ProtocolViolationException;
import dev.startle.smtp.EnhancedStatusCode;
import dev.startle.smtp.SmtpReply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reply lines into {@link SmtpReply}s (RFC 5321 section 4.2), enhanced status codes (RFC 2034), and strictness. */
class ReplyParserTest {

    @Test
    void aSingleLineReplyIsCompleteAtOnce() {
        SmtpReply reply = new ReplyParser().add("250 OK");

        assertThat(reply.code()).isEqualTo(250);
        assertThat(reply.lines()).containsExactly("OK");
        assertThat(reply.enhancedCode()).isEmpty();
        assertThat(reply.isPositive()).isTrue();
    }

    @Test
    void aMultiLineReplyIsCompleteAfterItsLastLine() {
        ReplyParser parser = new ReplyParser();

        assertThat(parser.add("250-mail.example.org greets you")).isNull();
        assertThat(parser.inProgress()).isTrue();
        assertThat(parser.add("250-PIPELINING")).isNull();
        SmtpReply reply = parser.add("250 SIZE 1000");

        assertThat(reply.code()).isEqualTo(250);
        assertThat(reply.lines()).containsExactly("mail.example.org greets you", "PIPELINING", "SIZE 1000");
        assertThat(reply.text()).isEqualTo("mail.example.org greets you PIPELINING SIZE 1000");
        assertThat(parser.inProgress()).isFalse();
    }

    @Test
    void theParserStartsAfreshAfterEachReply() {
        ReplyParser parser = new ReplyParser();
        parser.add("250-first");
        parser.add("250 done");

        SmtpReply next = parser.add("354 go ahead");

        assertThat(next.code()).isEqualTo(354);
        assertThat(next.lines()).containsExactly("go ahead");
    }

    @Test
    void aCodeWithoutTextIsAValidLastLine() {
        assertThat(new ReplyParser().add("250").lines()).containsExactly("");
        assertThat(new ReplyParser().add("250 ").lines()).containsExactly("");
    }

    @Test
    void anEnhancedCodeIsParsedAndRemovedFromEveryLine() {
        SmtpReply reply = ReplyParser.parse(List.of(
                "550-5.1.1 <nobody@example.net>: Recipient address rejected:",
                "550 5.1.1 User unknown in virtual mailbox table"));

        assertThat(reply.enhancedCode()).contains(new EnhancedStatusCode(5, 1, 1));
        assertThat(reply.lines())
                .containsExactly(
                        "<nobody@example.net>: Recipient address rejected:", "User unknown in virtual mailbox table");
    }

    @Test
    void aSingleLineReplyPrintsAsTheServerSentIt() {
        String line = "250 2.0.0 Ok: queued as 4XYZ1";

        assertThat(ReplyParser.parse(List.of(line))).hasToString(line);
    }

    @Test
    void anEnhancedCodeAloneLeavesAnEmptyText() {
        SmtpReply reply = ReplyParser.parse(List.of("250 2.0.0"));

        assertThat(reply.enhancedCode()).contains(new EnhancedStatusCode(2, 0, 0));
        assertThat(reply.lines()).containsExactly("");
    }

    @Test
    void anEnhancedCodeOfAnotherClassThanTheReplyIsJustText() {
        SmtpReply reply = ReplyParser.parse(List.of("250 5.1.1 looks like a code, is not one here"));

        assertThat(reply.enhancedCode()).isEmpty();
        assertThat(reply.lines()).containsExactly("5.1.1 looks like a code, is not one here");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "250 1.0.0 class one does not exist",
                "250 2.0 two parts",
                "250 2.0.0.0 four parts",
                "250 2.1000.0 subject too long",
                "250 2.0.0ok no space",
                "250 v2.0.0 prefixed",
                "250 Ok: queued as 2.0.0",
                "250 2.-1.0 negative subject",
                "250 2.+1.0 signed subject"
            })
    void codeLikeTextThatIsNotAnEnhancedCodeStaysText(String line) {
        SmtpReply reply = ReplyParser.parse(List.of(line));

        assertThat(reply.enhancedCode()).isEmpty();
        assertThat(reply.lines()).containsExactly(line.substring(4));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "25",
                "2x0 bad digit",
                "25O letter O",
                "150 first digit too small",
                "650 first digit too large",
                "250_bad separator",
                "250Ok",
                " 250 leading space",
                "abc"
            })
    void aMalformedLineIsAProtocolViolation(String line) {
        assertThatThrownBy(() -> new ReplyParser().add(line))
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("malformed SMTP reply line");
    }

    @Test
    void theBadLineTravelsInTheExceptionWithControlCharactersMasked() {
        assertThatThrownBy(() -> new ReplyParser().add("25\u0007 \u001b[31mred"))
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("\"25? ?[31mred\"");
    }

    @Test
    void aCodeThatChangesInsideAReplyIsAProtocolViolation() {
        ReplyParser parser = new ReplyParser();
        parser.add("250-first");

        assertThatThrownBy(() -> parser.add("251 second"))
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("from 250 to 251");
    }

    @Test
    void aReplyLongerThanTheLineLimitIsAProtocolViolation() {
        ReplyParser parser = new ReplyParser();
        for (int i = 0; i < ReplyParser.MAX_LINES; i++) {
            assertThat(parser.add("250-line " + i)).isNull();
        }

        assertThatThrownBy(() -> parser.add("250 one too many"))
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("longer than " + ReplyParser.MAX_LINES);
    }

    @Test
    void aReplyOfExactlyTheLineLimitIsAccepted() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ReplyParser.MAX_LINES - 1; i++) {
            lines.add("250-line " + i);
        }
        lines.add("250 last");

        assertThat(ReplyParser.parse(lines).lines()).hasSize(ReplyParser.MAX_LINES);
    }

    @Test
    void parseRefusesAnIncompleteReplyAndLinesAfterTheEnd() {
        assertThatThrownBy(() -> ReplyParser.parse(List.of("250-more to come")))
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("incomplete");
        assertThatThrownBy(() -> ReplyParser.parse(List.of("250 done", "250 again")))
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("ended before its last line");
        assertThatThrownBy(() -> ReplyParser.parse(List.of())).isInstanceOf(ProtocolViolationException.class);
    }

    @Test
    void repliesAreClassifiedByTheirFirstDigit() {
        assertThat(ReplyParser.parse(List.of("354 go ahead")).isIntermediate()).isTrue();
        assertThat(ReplyParser.parse(List.of("421 closing")).isTransient()).isTrue();
        assertThat(ReplyParser.parse(List.of("554 no")).isPermanent()).isTrue();
        assertThat(ReplyParser.parse(List.of("554 no")).isTransient()).isFalse();
    }
}
