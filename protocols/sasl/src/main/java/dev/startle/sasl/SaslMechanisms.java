package dev.startle.sasl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable set of mechanisms the client is willing to use, and the rule that picks one for a server: the
 * strongest ({@link SaslMechanism#strength()}) mechanism the server offers that can use the credential, skipping
 * {@code -PLUS} mechanisms when there is no channel-binding data. With {@link #defaults()} this means, for a password:
 * SCRAM-SHA-256-PLUS, SCRAM-SHA-1-PLUS, SCRAM-SHA-256, SCRAM-SHA-1, PLAIN, LOGIN, CRAM-MD5; for an OAuth 2.0 token:
 * OAUTHBEARER, XOAUTH2. PLAIN and LOGIN are acceptable because the protocol modules only authenticate over TLS.
 *
 * <pre>{@code
 * SaslExchange exchange = SaslMechanisms.defaults()
 *         .newExchange(ehloAuthMechanisms, PasswordCredential.of("alice", password), binding, null);
 * // AUTH <exchange.mechanism()> ...
 * }</pre>
 */
public final class SaslMechanisms {
    private static final SaslMechanisms DEFAULTS = of(
            SaslMechanism.scramSha256Plus(),
            SaslMechanism.scramSha1Plus(),
            SaslMechanism.scramSha256(),
            SaslMechanism.scramSha1(),
            SaslMechanism.oauthBearer(),
            SaslMechanism.xoauth2(),
            SaslMechanism.plain(),
            SaslMechanism.login(),
            SaslMechanism.cramMd5());

    private final List<SaslMechanism> mechanisms;

    private SaslMechanisms(List<SaslMechanism> mechanisms) {
        List<SaslMechanism> sorted = new ArrayList<>(mechanisms);
        sorted.sort(Comparator.comparingInt(SaslMechanism::strength).reversed());
        this.mechanisms = List.copyOf(sorted);
    }

    /** All built-in mechanisms. */
    public static SaslMechanisms defaults() {
        return DEFAULTS;
    }

    /** Exactly the given mechanisms (a later one replaces an earlier one of the same name). */
    public static SaslMechanisms of(SaslMechanism... mechanisms) {
        SaslMechanisms result = new SaslMechanisms(List.of());
        for (SaslMechanism mechanism : mechanisms) {
            result = result.with(mechanism);
        }
        return result;
    }

    /** A copy with {@code mechanism} added, replacing any mechanism of the same name. */
    public SaslMechanisms with(SaslMechanism mechanism) {
        Objects.requireNonNull(mechanism, "mechanism");
        List<SaslMechanism> copy = new ArrayList<>(without(mechanism.name()).mechanisms);
        copy.add(mechanism);
        return new SaslMechanisms(copy);
    }

    /** A copy without the mechanism called {@code name} (case-insensitive), e.g. to refuse CRAM-MD5 or LOGIN. */
    public SaslMechanisms without(String name) {
        String key = normalize(name);
        List<SaslMechanism> copy = new ArrayList<>(mechanisms);
        copy.removeIf(m -> normalize(m.name()).equals(key));
        return new SaslMechanisms(copy);
    }

    /** The mechanisms, strongest first. */
    public List<SaslMechanism> mechanisms() {
        return mechanisms;
    }

    /** The mechanism called {@code name} (case-insensitive), if this set has it. */
    public Optional<SaslMechanism> find(String name) {
        String key = normalize(name);
        return mechanisms.stream().filter(m -> normalize(m.name()).equals(key)).findFirst();
    }

    /**
     * Chooses the mechanism to use.
     *
     * @param offered the mechanism names the server advertised (case-insensitive; blanks ignored)
     * @param credential what the client authenticates with
     * @param channelBinding the connection's binding, or {@link ChannelBinding#none()}
     * @param pinned a mechanism name the user insists on, or {@code null} (or blank) to choose automatically
     * @return the strongest usable mechanism, or the pinned one
     * @throws SaslMechanismUnavailableException if the pinned mechanism is not offered, not in this set, cannot use the
     *     credential or needs binding data that is absent; or, unpinned, if no offered mechanism is usable
     */
    public SaslMechanism select(
            Collection<String> offered, SaslCredential credential, ChannelBinding channelBinding, String pinned) {
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(channelBinding, "channelBinding");
        List<String> offeredNames = List.copyOf(normalizeAll(offered));
        String kind = credential.getClass().getSimpleName();
        if (pinned != null && !pinned.isBlank()) {
            return selectPinned(offeredNames, credential, channelBinding, normalize(pinned), kind);
        }
        for (SaslMechanism mechanism : mechanisms) {
            if (offeredNames.contains(normalize(mechanism.name()))
                    && mechanism.supports(credential)
                    && (channelBinding.isPresent() || !mechanism.requiresChannelBinding())) {
                return mechanism;
            }
        }
        String why = offeredNames.isEmpty()
                ? "the server offers no SASL mechanism"
                : "no SASL mechanism offered by the server can authenticate with a " + kind + "; offered: "
                        + offeredNames;
        throw new SaslMechanismUnavailableException(why, offeredNames, null);
    }

    /**
     * Chooses a mechanism as {@link #select} does and starts an exchange with it, choosing the channel binding the
     * exchange gets: a mechanism without binding whose {@code -PLUS} variant the server also offers (only possible
     * when pinned) gets {@link ChannelBinding#none()}, so SCRAM sends {@code n} (the client chose not to bind);
     * otherwise it gets {@code channelBinding}, so SCRAM sends {@code y} when the client could bind but the server
     * offered no {@code -PLUS} (RFC 5802 section 6, downgrade detection).
     *
     * @throws SaslMechanismUnavailableException as {@link #select} does
     */
    public SaslExchange newExchange(
            Collection<String> offered, SaslCredential credential, ChannelBinding channelBinding, String pinned) {
        SaslMechanism mechanism = select(offered, credential, channelBinding, pinned);
        ChannelBinding effective = channelBinding;
        if (!mechanism.requiresChannelBinding()
                && normalizeAll(offered).contains(normalize(mechanism.name()) + "-PLUS")) {
            effective = ChannelBinding.none();
        }
        return mechanism.newExchange(credential, effective);
    }

    /** The mechanism names, strongest first. */
    @Override
    public String toString() {
        return "SaslMechanisms" + mechanisms.stream().map(SaslMechanism::name).toList();
    }

    private SaslMechanism selectPinned(
            List<String> offeredNames, SaslCredential credential, ChannelBinding binding, String pinned, String kind) {
        if (!offeredNames.contains(pinned)) {
            throw new SaslMechanismUnavailableException(
                    "SASL mechanism " + pinned + " was requested but the server offers only " + offeredNames,
                    offeredNames,
                    pinned);
        }
        SaslMechanism mechanism = find(pinned)
                .orElseThrow(() -> new SaslMechanismUnavailableException(
                        "SASL mechanism " + pinned + " was requested but this client does not support it; supported: "
                                + mechanisms.stream().map(SaslMechanism::name).toList(),
                        offeredNames,
                        pinned));
        if (!mechanism.supports(credential)) {
            throw new SaslMechanismUnavailableException(
                    "SASL mechanism " + pinned + " was requested but cannot authenticate with this " + kind,
                    offeredNames,
                    pinned);
        }
        if (mechanism.requiresChannelBinding() && !binding.isPresent()) {
            throw new SaslMechanismUnavailableException(
                    "SASL mechanism " + pinned + " was requested but needs channel-binding data, which is absent",
                    offeredNames,
                    pinned);
        }
        return mechanism;
    }

    private static Set<String> normalizeAll(Collection<String> names) {
        Objects.requireNonNull(names, "offered");
        Set<String> result = new LinkedHashSet<>();
        for (String name : names) {
            if (name != null && !name.isBlank()) {
                result.add(normalize(name));
            }
        }
        return result;
    }

    private static String normalize(String name) {
        return name.trim().toUpperCase(Locale.ROOT);
    }
}
