package dev.startle.samples.probe;

import dev.startle.core.TlsProvider;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The probe's settings, as given on the command line.
 *
 * @param timeout bounds connecting, each wait for the server, and the handshake
 * @param ca a PEM file of trusted CA certificates instead of the JDK's trust store; null for the JDK's
 * @param insecure go on (exit 0) when certificate verification fails; the failure is still reported
 * @param serverName the name for SNI and the certificate check when it is not the URL's host; null for the host
 * @param provider the TLS implementation
 * @param verbose print the transcript and progress to stderr
 */
record ProbeOptions(
        Duration timeout, Path ca, boolean insecure, String serverName, TlsProvider provider, boolean verbose) {}
