package dev.startle.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class SaslMechanismsTest {
    private static final PasswordCredential PASSWORD = PasswordCredential.of("user", "pencil");
    private static final OAuth2Credential OAUTH = OAuth2Credential.ofToken("user@example.com", "tok");
    private static final ChannelBinding BINDING = ChannelBinding.of("tls-exporter", new byte[] {1, 2, 3, 4});
    private static final List<String> ALL = List.of(
            "PLAIN",
            "LOGIN",
            "CRAM-MD5",
            "SCRAM-SHA-1",
            "SCRAM-SHA-256",
            "SCRAM-SHA-1-PLUS",
            "SCRAM-SHA-256-PLUS",
            "XOAUTH2",
            "OAUTHBEARER");

    private final SaslMechanisms defaults = SaslMechanisms.defaults();

    private String choose(List<String> offered, SaslCredential credential, ChannelBinding binding) {
        return defaults.select(offered, credential, binding, null).name();
    }

    @Test
    void defaultsAreOrderedStrongestFirst() {
        assertThat(defaults.mechanisms())
                .extracting(SaslMechanism::name)
                .containsExactly(
                        "SCRAM-SHA-256-PLUS",
                        "SCRAM-SHA-1-PLUS",
                        "SCRAM-SHA-256",
                        "SCRAM-SHA-1",
                        "OAUTHBEARER",
                        "XOAUTH2",
                        "PLAIN",
                        "LOGIN",
                        "CRAM-MD5");
    }

    @Test
    void passwordRankingWithAndWithoutChannelBinding() {
        assertThat(choose(ALL, PASSWORD, BINDING)).isEqualTo("SCRAM-SHA-256-PLUS");
        assertThat(choose(List.of("SCRAM-SHA-1-PLUS", "SCRAM-SHA-256", "PLAIN"), PASSWORD, BINDING))
                .isEqualTo("SCRAM-SHA-1-PLUS");
        assertThat(choose(ALL, PASSWORD, ChannelBinding.none())).isEqualTo("SCRAM-SHA-256");
        assertThat(choose(List.of("SCRAM-SHA-1", "PLAIN", "LOGIN"), PASSWORD, BINDING))
                .isEqualTo("SCRAM-SHA-1");
        assertThat(choose(List.of("CRAM-MD5", "LOGIN", "PLAIN"), PASSWORD, BINDING))
                .isEqualTo("PLAIN");
        assertThat(choose(List.of("CRAM-MD5", "LOGIN"), PASSWORD, BINDING)).isEqualTo("LOGIN");
        assertThat(choose(List.of("CRAM-MD5"), PASSWORD, BINDING)).isEqualTo("CRAM-MD5");
    }

    @Test
    void offeredNamesAreCaseInsensitive() {
        assertThat(choose(List.of("plain", " scram-sha-1 ", ""), PASSWORD, ChannelBinding.none()))
                .isEqualTo("SCRAM-SHA-1");
    }

    @Test
    void oauthRankingIgnoresPasswordMechanisms() {
        assertThat(choose(ALL, OAUTH, BINDING)).isEqualTo("OAUTHBEARER");
        assertThat(choose(List.of("PLAIN", "XOAUTH2"), OAUTH, ChannelBinding.none()))
                .isEqualTo("XOAUTH2");
    }

    @Test
    void authorizationIdExcludesLoginAndCramMd5() {
        PasswordCredential acting = PASSWORD.withAuthorizationId("admin");

        assertThat(choose(List.of("LOGIN", "PLAIN"), acting, ChannelBinding.none()))
                .isEqualTo("PLAIN");
        assertThatThrownBy(() -> choose(List.of("LOGIN", "CRAM-MD5"), acting, ChannelBinding.none()))
                .isInstanceOf(SaslMechanismUnavailableException.class);
    }

    @Test
    void noUsableMechanismListsWhatWasOffered() {
        assertThatThrownBy(() -> choose(List.of("PLAIN", "GSSAPI"), OAUTH, ChannelBinding.none()))
                .isInstanceOfSatisfying(SaslMechanismUnavailableException.class, e -> {
                    assertThat(e.offered()).containsExactly("PLAIN", "GSSAPI");
                    assertThat(e.pinned()).isEmpty();
                    assertThat(e.getMessage()).contains("PLAIN", "GSSAPI", "OAuth2Credential");
                });
        assertThatThrownBy(() -> choose(List.of("SCRAM-SHA-256-PLUS"), PASSWORD, ChannelBinding.none()))
                .isInstanceOf(SaslMechanismUnavailableException.class);
        assertThatThrownBy(() -> choose(List.of(), PASSWORD, ChannelBinding.none()))
                .isInstanceOf(SaslMechanismUnavailableException.class)
                .hasMessageContaining("offers no SASL mechanism");
    }

    @Test
    void pinnedMechanismWinsOverRanking() {
        assertThat(defaults.select(ALL, PASSWORD, BINDING, "login").name()).isEqualTo("LOGIN");
        assertThat(defaults.select(ALL, PASSWORD, BINDING, " ").name()).isEqualTo("SCRAM-SHA-256-PLUS");
    }

    @Test
    void pinnedMechanismNotOfferedIsATypedErrorListingTheOffer() {
        assertThatThrownBy(() -> defaults.select(List.of("PLAIN", "LOGIN"), PASSWORD, BINDING, "scram-sha-256"))
                .isInstanceOfSatisfying(SaslMechanismUnavailableException.class, e -> {
                    assertThat(e.pinned()).contains("SCRAM-SHA-256");
                    assertThat(e.offered()).containsExactly("PLAIN", "LOGIN");
                    assertThat(e.getMessage()).contains("SCRAM-SHA-256", "[PLAIN, LOGIN]");
                });
    }

    @Test
    void pinnedMechanismMustBeKnownAndUsable() {
        assertThatThrownBy(() -> defaults.select(List.of("GSSAPI"), PASSWORD, BINDING, "GSSAPI"))
                .isInstanceOf(SaslMechanismUnavailableException.class)
                .hasMessageContaining("does not support");
        assertThatThrownBy(() -> defaults.select(ALL, PASSWORD, BINDING, "XOAUTH2"))
                .isInstanceOf(SaslMechanismUnavailableException.class)
                .hasMessageContaining("PasswordCredential");
        assertThatThrownBy(() -> defaults.select(ALL, PASSWORD, ChannelBinding.none(), "SCRAM-SHA-256-PLUS"))
                .isInstanceOf(SaslMechanismUnavailableException.class)
                .hasMessageContaining("channel-binding");
    }

    @Test
    void withoutAndWithChangeTheSet() {
        SaslMechanisms noCram = defaults.without("cram-md5");
        assertThatThrownBy(() -> noCram.select(List.of("CRAM-MD5"), PASSWORD, ChannelBinding.none(), null))
                .isInstanceOf(SaslMechanismUnavailableException.class);
        assertThat(noCram.find("CRAM-MD5")).isEmpty();
        assertThat(defaults.find("cram-md5")).isPresent();

        SaslMechanism custom = new SaslMechanism() {
            @Override
            public String name() {
                return "X-STRONG";
            }

            @Override
            public int strength() {
                return 1000;
            }

            @Override
            public Class<? extends SaslCredential> credentialType() {
                return PasswordCredential.class;
            }

            @Override
            public SaslExchange newExchange(SaslCredential credential, ChannelBinding channelBinding) {
                return SaslMechanism.plain().newExchange(credential);
            }
        };
        assertThat(defaults.with(custom)
                        .select(ALL.subList(0, 1), PASSWORD, BINDING, null)
                        .name())
                .isEqualTo("PLAIN");
        assertThat(defaults.with(custom).select(List.of("PLAIN", "X-STRONG"), PASSWORD, BINDING, null))
                .isSameAs(custom);
    }

    @Test
    void gs2FlagIsPWhenBindingIsUsed() {
        String first = Steps.emittedText(
                defaults.newExchange(ALL, PASSWORD, BINDING, null).initialResponse());
        assertThat(first).startsWith("p=tls-exporter,,n=user,r=");
    }

    @Test
    void gs2FlagIsYWhenTheClientCouldBindButTheServerOffersNoPlus() {
        SaslExchange exchange = defaults.newExchange(List.of("SCRAM-SHA-256", "PLAIN"), PASSWORD, BINDING, null);
        assertThat(exchange.mechanism()).isEqualTo("SCRAM-SHA-256");
        assertThat(Steps.emittedText(exchange.initialResponse())).startsWith("y,,n=user,r=");
    }

    @Test
    void gs2FlagIsNWithoutBindingOrWhenPlusIsOfferedButPlainScramIsPinned() {
        Mono<byte[]> unbound =
                defaults.newExchange(ALL, PASSWORD, ChannelBinding.none(), null).initialResponse();
        assertThat(Steps.emittedText(unbound)).startsWith("n,,n=user,r=");

        Mono<byte[]> pinned =
                defaults.newExchange(ALL, PASSWORD, BINDING, "SCRAM-SHA-256").initialResponse();
        assertThat(Steps.emittedText(pinned)).startsWith("n,,n=user,r=");
    }
}
