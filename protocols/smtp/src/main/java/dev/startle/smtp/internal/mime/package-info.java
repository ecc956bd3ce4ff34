/**
 * Internal, may change without notice: the MIME writer behind {@link dev.startle.smtp.MailMessage} (header folding and
 * RFC 2047 encoded-words, RFC 2231 parameters, quoted-printable, streaming base64, multipart layout).
 */
package dev.startle.smtp.internal.mime;
