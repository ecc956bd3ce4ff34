/**
 * The SMTP model shared by the client and the server: what is sent ({@link dev.startle.smtp.SmtpMessage} with its
 * envelope of {@link dev.startle.smtp.Recipient}s and a streamed {@link dev.startle.smtp.MessageBody}, or a
 * {@link dev.startle.smtp.MailMessage} built from parts), what the server says ({@link dev.startle.smtp.SmtpReply},
 * {@link dev.startle.smtp.EnhancedStatusCode}, {@link dev.startle.smtp.SmtpExtensions} from EHLO), the outcome
 * ({@link dev.startle.smtp.SendResult}) and the refusals, each carrying the server's reply
 * ({@link dev.startle.smtp.SmtpException} and its subclasses) or saying what was refused locally before anything was
 * sent ({@link dev.startle.smtp.MessageTooLargeException}, {@link dev.startle.smtp.ExtensionRequiredException}).
 *
 * <p>The roles live in {@code dev.startle.smtp.client} and {@code dev.startle.smtp.server}.
 */
package dev.startle.smtp;
