/**
 * Test fixtures for SMTP clients: {@link dev.startle.smtp.testing.ScriptedSmtpServer} plays a
 * {@link dev.startle.smtp.testing.SmtpScript} per connection on 127.0.0.1 (STARTTLS included) and records each
 * {@link dev.startle.smtp.testing.Conversation}.
 */
package dev.startle.smtp.testing;
