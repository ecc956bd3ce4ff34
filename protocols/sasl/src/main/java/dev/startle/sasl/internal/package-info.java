/**
 * Implementation of the SASL mechanisms of {@code dev.startle.sasl}: internal, may change without notice. Use the
 * factories on {@link dev.startle.sasl.SaslMechanism} instead of these types.
 */
package dev.startle.sasl.internal;
