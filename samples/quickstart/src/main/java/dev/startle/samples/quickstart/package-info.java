/**
 * The quickstart: an embedded Startle SMTP server and a Startle SMTP client on 127.0.0.1 that send a message with an
 * attachment over STARTTLS and AUTH, printed phase by phase; or the same client against a real server.
 */
package dev.startle.samples.quickstart;
