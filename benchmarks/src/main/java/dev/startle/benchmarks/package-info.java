/**
 * Startle's benchmarks: JMH micro benchmarks ({@code .jmh}) and a loopback load harness ({@code .harness}). Not a
 * library: nothing here is deployed, and the test suite never runs it. See {@code benchmarks/README.md}.
 */
package dev.startle.benchmarks;
