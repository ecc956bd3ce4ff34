/**
 * The loopback load harness: {@link dev.startle.benchmarks.harness.Matrix} mints certificates, starts each sink and
 * each client in a JVM of its own (so a client's CPU time is its process's CPU time, and the sink's never counts),
 * and prints every figure as a ratio against the comparison measured in the same run.
 */
package dev.startle.benchmarks.harness;
