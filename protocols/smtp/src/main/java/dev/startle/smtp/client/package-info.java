/**
 * The SMTP client for submission (587 with STARTTLS, 465 with implicit TLS) and relay (25).
 * {@link dev.startle.smtp.client.SmtpClient} is an immutable configuration whose {@code send(message)} runs one mail
 * transaction on a pooled {@link dev.startle.smtp.client.SmtpSession}; {@code session()} opens one outside the pool.
 *
 * <p>STARTTLS is required by default and never silently skipped; EHLO is asked again after the upgrade; credentials
 * are never sent without TLS unless explicitly allowed. PIPELINING, 8BITMIME, SMTPUTF8, SIZE, CHUNKING (BDAT), DSN and
 * ENHANCEDSTATUSCODES are used when the server offers them.
 */
package dev.startle.smtp.client;
