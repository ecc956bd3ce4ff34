package dev.startle.samples.webfluxmail;

import dev.startle.core.ConnectionClosedException;
import dev.startle.core.ReadTimeoutException;
import dev.startle.core.StartTlsException;
import dev.startle.core.StartleException;
import dev.startle.core.TlsHandshakeException;
import dev.startle.core.TlsModeMismatchException;
import dev.startle.core.TlsRequiredException;
import dev.startle.smtp.ExtensionRequiredException;
import dev.startle.smtp.MessageTooLargeException;
import dev.startle.smtp.RecipientsRejectedException;
import dev.startle.smtp.SmtpAuthenticationException;
import dev.startle.smtp.SmtpException;
import dev.startle.spring.boot.MailRelaySettings;
import java.net.ConnectException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;

/**
 * Errors as RFC 9457 problem details: 400 for a bad request (with {@code errors}, one per field), 502 when the relay
 * refused (with {@code smtp}: code, enhanced code, text and command, and {@code rejected} recipients) or TLS with it
 * failed (including a relay that does not offer STARTTLS while TLS is required), 413 when the relay's SIZE limit is
 * exceeded, 504 when the relay did not answer in time.
 */
@RestControllerAdvice
public class MailProblems extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(MailProblems.class);

    private final ObjectProvider<MailRelaySettings> relay;

    /** Problems naming the configured relay. */
    public MailProblems(ObjectProvider<MailRelaySettings> relay) {
        this.relay = relay;
    }

    /** 400: what is wrong, field by field. */
    @ExceptionHandler
    public ProblemDetail invalid(InvalidMailRequestException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid mail request");
        problem.setProperty("errors", e.errors());
        return problem;
    }

    /** 400: a body over the codec's in-memory limit. */
    @ExceptionHandler
    public ProblemDetail tooLargeBody(DataBufferLimitException e) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "the request is too large: " + e.getMessage());
        problem.setTitle("Invalid mail request");
        return problem;
    }

    /** 502: the relay refused the recipients (all, or any with require-all-recipients). */
    @ExceptionHandler
    public ProblemDetail recipientsRejected(RecipientsRejectedException e) {
        ProblemDetail problem = relayProblem(HttpStatus.BAD_GATEWAY, "The relay refused the recipients", e);
        problem.setProperty("rejected", SendResponse.rejections(e.rejected()));
        return problem;
    }

    /** 502: the relay refused the credentials. */
    @ExceptionHandler
    public ProblemDetail authentication(SmtpAuthenticationException e) {
        return relayProblem(HttpStatus.BAD_GATEWAY, "The relay refused the service's credentials", e);
    }

    /** 502: the relay refused something else (MAIL FROM, the data, ...). */
    @ExceptionHandler
    public ProblemDetail refused(SmtpException e) {
        return relayProblem(HttpStatus.BAD_GATEWAY, "The relay refused the message", e);
    }

    /** 502: TLS is required but the relay did not offer STARTTLS; nothing was sent. */
    @ExceptionHandler
    public ProblemDetail tlsRequired(TlsRequiredException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_GATEWAY,
                "TLS is required, but the relay" + relayName()
                        + " does not offer STARTTLS, so nothing was sent (not even the credentials). "
                        + e.getMessage());
        problem.setTitle("The relay does not offer TLS");
        return problem;
    }

    /** 502: the STARTTLS upgrade or the TLS handshake failed. */
    @ExceptionHandler
    public ProblemDetail tls(StartTlsException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, e.getMessage());
        problem.setTitle("TLS with the relay failed");
        if (e instanceof TlsHandshakeException h) {
            problem.setProperty("tlsFailure", h.failure().name());
        }
        return problem;
    }

    /** 502: the port speaks the other kind of TLS (STARTTLS vs implicit). */
    @ExceptionHandler
    public ProblemDetail tlsMode(TlsModeMismatchException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, e.getMessage());
        problem.setTitle("TLS mode does not match the relay's port");
        problem.setProperty("suggestedTlsMode", e.suggestedMode().name());
        return problem;
    }

    /** 413: larger than the relay's SIZE limit (refused before sending). */
    @ExceptionHandler
    public ProblemDetail tooLarge(MessageTooLargeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
        problem.setTitle("The message is larger than the relay accepts");
        problem.setProperty("limit", e.limit());
        return problem;
    }

    /** 502: the message needs an extension the relay lacks (SMTPUTF8 for international addresses). */
    @ExceptionHandler
    public ProblemDetail extension(ExtensionRequiredException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, e.getMessage());
        problem.setTitle("The relay lacks " + e.extension());
        return problem;
    }

    /** 504: the relay did not answer in time. */
    @ExceptionHandler
    public ProblemDetail timeout(ReadTimeoutException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.GATEWAY_TIMEOUT, e.getMessage());
        problem.setTitle("The relay did not answer in time");
        return problem;
    }

    /** 502: the relay cannot be reached or dropped the connection. */
    @ExceptionHandler({ConnectException.class, ConnectionClosedException.class})
    public ProblemDetail unreachable(Exception e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_GATEWAY, "the relay" + relayName() + " cannot be reached: " + e.getMessage());
        problem.setTitle("The relay is unreachable");
        return problem;
    }

    /** 502: any other Startle error on the way to the relay. */
    @ExceptionHandler
    public ProblemDetail other(StartleException e) {
        log.warn("sending failed", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, e.getMessage());
        problem.setTitle("Sending through the relay failed");
        return problem;
    }

    private ProblemDetail relayProblem(HttpStatus status, String title, SmtpException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                status, "the relay" + relayName() + " answered " + e.command() + " with " + e.reply());
        problem.setTitle(title);
        Map<String, Object> smtp = new LinkedHashMap<>();
        smtp.put("code", e.code());
        smtp.put("enhancedCode", e.enhancedCode().map(Object::toString).orElse(null));
        smtp.put("text", e.reply().text());
        smtp.put("command", e.command());
        smtp.put("transient", e.isTransient());
        problem.setProperty("smtp", smtp);
        return problem;
    }

    private String relayName() {
        MailRelaySettings settings = relay.getIfAvailable();
        return settings == null ? "" : " at " + settings.address();
    }
}
