/**
 * Internal, may change without notice: the machinery behind {@code dev.startle.smtp.client} (session set-up, the
 * mail transaction, reply parsing and reading, DATA/BDAT encoding, AUTH, the session pool). Use the public packages.
 */
package dev.startle.smtp.internal;
