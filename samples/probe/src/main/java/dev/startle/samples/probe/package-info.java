/**
 * {@code startle-probe}: a command-line tool that connects to a server, upgrades to TLS with STARTTLS (SMTP, IMAP,
 * POP3, NNTP, FTP, XMPP, LDAP) or connects with implicit TLS, and reports the negotiated TLS, the certificate chain
 * and its verification, capabilities before and after TLS, and timings. Built on Startle's core: each protocol family
 * is a small {@link dev.startle.samples.probe.Prober} over a {@link dev.startle.core.LineConnection}.
 */
package dev.startle.samples.probe;
