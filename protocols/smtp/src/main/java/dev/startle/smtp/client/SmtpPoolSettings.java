package dev.startle.smtp.client;

import java.time.Duration;

/**
 * How {@link SmtpClient#send} pools sessions. Immutable.
 *
 * @param maxConnections most sessions open at once; further sends wait for one (default 4)
 * @param maxIdleTime an idle session is closed with QUIT after this long (default 30 s; servers drop idle clients)
 * @param validateAfterIdle a session idle longer than this is checked with NOOP before reuse (default 5 s)
 * @param maxPendingAcquires sends allowed to wait for a session before failing fast (default 1,000)
 */
public record SmtpPoolSettings(
        int maxConnections, Duration maxIdleTime, Duration validateAfterIdle, int maxPendingAcquires) {

    /** Validates the values. */
    public SmtpPoolSettings {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
        }
        if (maxIdleTime.isNegative() || maxIdleTime.isZero()) {
            throw new IllegalArgumentException("maxIdleTime must be positive: " + maxIdleTime);
        }
        if (validateAfterIdle.isNegative()) {
            throw new IllegalArgumentException("validateAfterIdle must not be negative: " + validateAfterIdle);
        }
        if (maxPendingAcquires < 0) {
            throw new IllegalArgumentException("maxPendingAcquires must not be negative: " + maxPendingAcquires);
        }
    }

    /** The defaults listed on the type. */
    public static SmtpPoolSettings defaults() {
        return new SmtpPoolSettings(4, Duration.ofSeconds(30), Duration.ofSeconds(5), 1000);
    }

    /** The same settings with another maximum number of connections. */
    public SmtpPoolSettings withMaxConnections(int max) {
        return new SmtpPoolSettings(max, maxIdleTime, validateAfterIdle, maxPendingAcquires);
    }

    /** The same settings with another idle time. */
    public SmtpPoolSettings withMaxIdleTime(Duration idle) {
        return new SmtpPoolSettings(maxConnections, idle, validateAfterIdle, maxPendingAcquires);
    }

    /** The same settings with another validation threshold. */
    public SmtpPoolSettings withValidateAfterIdle(Duration idle) {
        return new SmtpPoolSettings(maxConnections, maxIdleTime, idle, maxPendingAcquires);
    }
}
