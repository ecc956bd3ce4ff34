package dev.startle.core.micrometer;

import dev.startle.core.Role;
import dev.startle.core.StartleMetrics;
import dev.startle.core.TlsInfo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * {@link StartleMetrics} on a Micrometer {@link MeterRegistry}. Give the same instance to clients and servers (or
 * several instances on one registry: the meters are shared).
 *
 * <pre>{@code
 * MeterRegistry registry = ...;  // e.g. Spring Boot's, or new SimpleMeterRegistry()
 * StartleMetrics metrics = MicrometerStartleMetrics.create(registry);
 * LineClient client = LineClient.create().host("mail.example.org").port(587).metrics(metrics);
 * DisposableServer server = LineServer.create().port(2525).tls(tls).metrics(metrics).bindNow(handler);
 * }</pre>
 *
 * Meters (every tag value is low-cardinality: roles, protocol versions, providers and failure classes, never hosts or
 * addresses):
 *
 * <ul>
 *   <li>{@code startle.connections.opened}, {@code startle.connections.closed}, {@code startle.connections.rejected}
 *       (counters, tag {@code role} = {@code client}|{@code server}); {@code closed} counts only connections that were
 *       counted as opened, so a connection refused by the limit is {@code rejected} only
 *   <li>{@code startle.connections.active} (gauge, tag {@code role}): opened minus closed
 *   <li>{@code startle.tls.handshake} (timer, tags {@code role}, {@code protocol} e.g. {@code TLSv1.3},
 *       {@code provider} = {@code JDK}|{@code OPENSSL}): successful handshakes, STARTTLS or implicit
 *   <li>{@code startle.tls.upgrades} (counter, tags {@code role}, {@code result} = {@code success}|{@code failure},
 *       {@code cause} = {@code none} on success, else a class such as {@code UNTRUSTED_CERTIFICATE},
 *       {@code HOSTNAME_MISMATCH}, {@code TIMEOUT} or {@code INJECTION})
 *   <li>{@code startle.tls.opportunistic.fallbacks} (counter, tag {@code protocol} e.g. {@code smtp}): sessions that
 *       went on in plaintext because the peer offered no STARTTLS under opportunistic mode
 * </ul>
 *
 * Thread-safe; recording never throws.
 */
public final class MicrometerStartleMetrics implements StartleMetrics {
    /** Tag values are codes chosen by the library; anything else is bucketed so cardinality stays bounded. */
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    private static final String OTHER = "OTHER";

    private final MeterRegistry registry;
    private final Map<Role, Counter> opened = new EnumMap<>(Role.class);
    private final Map<Role, Counter> closed = new EnumMap<>(Role.class);
    private final Map<Role, Counter> rejected = new EnumMap<>(Role.class);
    private final Map<Role, Counter> upgraded = new EnumMap<>(Role.class);
    private final ConcurrentMap<String, Timer> handshakes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> failures = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> fallbacks = new ConcurrentHashMap<>();

    private MicrometerStartleMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Role role : Role.values()) {
            String r = tag(role);
            Counter o = Counter.builder("startle.connections.opened")
                    .description("Connections established (client) or accepted (server)")
                    .tag("role", r)
                    .register(registry);
            Counter c = Counter.builder("startle.connections.closed")
                    .description("Connections closed, of those counted as opened")
                    .tag("role", r)
                    .register(registry);
            opened.put(role, o);
            closed.put(role, c);
            rejected.put(
                    role,
                    Counter.builder("startle.connections.rejected")
                            .description("Connections refused because the maximum connection count was reached")
                            .tag("role", r)
                            .register(registry));
            upgraded.put(role, upgrades(r, "success", "none"));
            // Derived from the shared counters, so several instances on one registry agree.
            Gauge.builder("startle.connections.active", () -> o.count() - c.count())
                    .description("Connections open now")
                    .tag("role", r)
                    .strongReference(true)
                    .register(registry);
        }
    }

    /** Metrics recorded to {@code registry}. */
    public static MicrometerStartleMetrics create(MeterRegistry registry) {
        return new MicrometerStartleMetrics(Objects.requireNonNull(registry, "registry"));
    }

    @Override
    public void connectionOpened(Role role) {
        opened.get(role).increment();
    }

    @Override
    public void connectionClosed(Role role) {
        closed.get(role).increment();
    }

    @Override
    public void connectionRejected(Role role) {
        rejected.get(role).increment();
    }

    @Override
    public void upgradeSucceeded(Role role, TlsInfo tls, Duration handshake) {
        String protocol = code(tls == null ? null : tls.protocol());
        String provider = tls == null ? OTHER : tls.provider().name();
        handshakes
                .computeIfAbsent(
                        tag(role) + '|' + protocol + '|' + provider,
                        k -> Timer.builder("startle.tls.handshake")
                                .description("Successful TLS handshakes (STARTTLS or implicit) and their duration")
                                .tag("role", tag(role))
                                .tag("protocol", protocol)
                                .tag("provider", provider)
                                .register(registry))
                .record(handshake == null ? Duration.ZERO : handshake);
        upgraded.get(role).increment();
    }

    @Override
    public void upgradeFailed(Role role, String cause) {
        String c = code(cause);
        failures.computeIfAbsent(tag(role) + '|' + c, k -> upgrades(tag(role), "failure", c))
                .increment();
    }

    @Override
    public void opportunisticFallback(String protocol) {
        String p = code(protocol).toLowerCase(Locale.ROOT);
        fallbacks
                .computeIfAbsent(
                        p,
                        k -> Counter.builder("startle.tls.opportunistic.fallbacks")
                                .description(
                                        "Sessions that went on in plaintext: the peer offered no STARTTLS (opportunistic)")
                                .tag("protocol", p)
                                .register(registry))
                .increment();
    }

    private Counter upgrades(String role, String result, String cause) {
        return Counter.builder("startle.tls.upgrades")
                .description("TLS upgrades (STARTTLS or implicit handshakes) by result and failure cause")
                .tag("role", role)
                .tag("result", result)
                .tag("cause", cause)
                .register(registry);
    }

    private static String tag(Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    private static String code(String value) {
        return value != null && CODE.matcher(value).matches() ? value : OTHER;
    }

    @Override
    public String toString() {
        return "MicrometerStartleMetrics[" + registry.getClass().getSimpleName() + "]";
    }
}
