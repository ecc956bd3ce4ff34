/**
 * Micrometer metrics for Startle: {@link dev.startle.core.micrometer.MicrometerStartleMetrics}. Micrometer is an
 * optional dependency of {@code startle-core}; this is the only package that touches it, so the rest of the core runs
 * without Micrometer on the class path.
 */
package dev.startle.core.micrometer;
