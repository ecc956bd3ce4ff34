/** JMH micro benchmarks: line framing, DATA encoding (dot-stuffing) and reply parsing, each beside a comparison. */
package dev.startle.benchmarks.jmh;
