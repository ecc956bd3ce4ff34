/**
 * The implementation behind {@code dev.startle.core} (the connection, its inbound framing and outbound writer, the
 * TLS switch and its guard): internal, may change without notice. Use the types of {@code dev.startle.core}.
 */
package dev.startle.core.internal;
