/**
 * SASL client mechanisms (RFC 4422) shared by Startle's protocol modules: PLAIN, LOGIN, CRAM-MD5, XOAUTH2,
 * OAUTHBEARER, SCRAM-SHA-1/-256 and their channel-binding {@code -PLUS} variants.
 *
 * <p>This package works on raw bytes only. The protocol layer does the wire framing (for SMTP: {@code AUTH <mechanism>
 * <base64 initial response>}, {@code 334 <base64 challenge>}, {@code 235} on success) and the base64 coding; this
 * package supplies the credentials ({@link dev.startle.sasl.PasswordCredential}, {@link
 * dev.startle.sasl.OAuth2Credential}), the choice of mechanism ({@link dev.startle.sasl.SaslMechanisms}) and the
 * per-authentication state machine ({@link dev.startle.sasl.SaslExchange}).
 *
 * <p>Nothing in this package logs, and no exception message or {@code toString()} contains a password, token or
 * derived key.
 */
package dev.startle.sasl;
