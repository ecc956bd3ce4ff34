package dev.startle.smtp.test;

import static dev.startle.smtp.test.Mails.WAIT;
import static dev.startle.smtp.test.Mails.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.startle.sasl.PasswordCredential;
import dev.startle.smtp.client.SmtpClient;
import dev.startle.smtp.server.SmtpRejectException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import reactor.test.StepVerifier;

/**
 * The extension's lifecycle and parameter injection, checked by running small fixture classes (static nested classes,
 * which Surefire does not run on its own) through the Jupiter engine and then looking at the servers they saw.
 */
class SmtpServerExtensionTest {

    @Test
    void perClassSharesOneServerWithInjectionEverywhereAndClearsItBeforeEachTest() {
        PerClass.SEEN.clear();
        TestExecutionSummary summary = run(PerClass.class);
        assertAllPassed(summary, 3);
        assertThat(PerClass.SEEN).hasSizeGreaterThanOrEqualTo(9);
        assertThat(PerClass.SEEN.stream().distinct()).hasSize(1); // @BeforeAll, constructor, @BeforeEach, @Nested...
        assertClosed(PerClass.SEEN.get(0));
    }

    @Test
    void perTestStartsAFreshServerForEachTestAndClosesItAfterwards() {
        PerTest.SEEN.clear();
        TestExecutionSummary summary = run(PerTest.class);
        assertAllPassed(summary, 2);
        assertThat(PerTest.SEEN).hasSize(2).doesNotHaveDuplicates();
        PerTest.SEEN.forEach(SmtpServerExtensionTest::assertClosed);
    }

    @Test
    void perTestCannotInjectIntoConstructorsAndSaysWhy() {
        TestExecutionSummary summary = run(PerTestConstructor.class);
        assertThat(summary.getFailures())
                .singleElement()
                .satisfies(failure -> assertThat(failure.getException())
                        .isInstanceOf(ParameterResolutionException.class)
                        .hasMessageContaining("perTest()"));
    }

    @Test
    void anInstanceFieldRegistrationGetsAServerPerTest() {
        InstanceField.SEEN.clear();
        TestExecutionSummary summary = run(InstanceField.class);
        assertAllPassed(summary, 2);
        assertThat(InstanceField.SEEN).hasSize(2).doesNotHaveDuplicates();
        InstanceField.SEEN.forEach(SmtpServerExtensionTest::assertClosed);
    }

    @Test
    void extendWithUsesTheDefaults() {
        ExtendWithDefaults.SEEN.clear();
        TestExecutionSummary summary = run(ExtendWithDefaults.class);
        assertAllPassed(summary, 1);
        assertThat(ExtendWithDefaults.SEEN).singleElement().satisfies(server -> {
            assertThat(server.startTlsBehaviour()).isEqualTo(StartTlsBehaviour.OFFERED);
            assertClosed(server);
        });
    }

    @Test
    void serverOutsideTheTestsItServesFails() {
        SmtpServerExtension extension = SmtpServerExtension.create()
                .startTls(StartTlsBehaviour.REQUIRED)
                .perTest()
                .configure(b -> b.hostname("mx.example"));
        assertThatThrownBy(extension::server).isInstanceOf(IllegalStateException.class);
        assertThat(extension.toString()).isEqualTo("SmtpServerExtension[REQUIRED, per test]");
    }

    // ---- fixtures

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerClass {
        static final List<EmbeddedSmtpServer> SEEN = new CopyOnWriteArrayList<>();

        @RegisterExtension
        static SmtpServerExtension smtp = SmtpServerExtension.create()
                .startTls(StartTlsBehaviour.REQUIRED)
                .withUser("alice", "secret");

        PerClass(EmbeddedSmtpServer server) {
            SEEN.add(server);
        }

        @BeforeAll
        static void beforeAll(EmbeddedSmtpServer server) {
            SEEN.add(server);
        }

        @BeforeEach
        void beforeEach(EmbeddedSmtpServer server) {
            SEEN.add(server);
            assertThat(server.messages()).isEmpty();
        }

        @Test
        @Order(1)
        void first(EmbeddedSmtpServer server) {
            SEEN.add(server);
            SEEN.add(smtp.server());
            deliver(server);
            assertThat(server.messages())
                    .singleElement()
                    .satisfies(mail -> assertThat(mail.authenticatedUser()).hasValue("alice"));
            server.rejectNext(new SmtpRejectException(550, "5.7.1", "left over: must be cleared"));
        }

        @Test
        @Order(2)
        void second(EmbeddedSmtpServer server) {
            SEEN.add(server);
            deliver(server); // the left-over rejection was cleared with the inbox
            assertThat(server.messages()).hasSize(1);
        }

        @Nested
        class Inner {
            @Test
            void sharesTheOuterServer(EmbeddedSmtpServer server) {
                SEEN.add(server);
                SEEN.add(smtp.server());
            }
        }
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerTest {
        static final List<EmbeddedSmtpServer> SEEN = new CopyOnWriteArrayList<>();

        @RegisterExtension
        static SmtpServerExtension smtp =
                SmtpServerExtension.create().withUser("alice", "secret").perTest();

        @Test
        @Order(1)
        void first(EmbeddedSmtpServer server) {
            SEEN.add(server);
            assertThat(smtp.server()).isSameAs(server);
            deliver(server);
        }

        @Test
        @Order(2)
        void second(EmbeddedSmtpServer server) {
            SEEN.add(server);
            assertThat(server).isNotSameAs(SEEN.get(0));
            assertClosed(SEEN.get(0));
            assertThat(server.messages()).isEmpty();
        }
    }

    static class PerTestConstructor {
        @RegisterExtension
        static SmtpServerExtension smtp = SmtpServerExtension.create().perTest();

        PerTestConstructor(EmbeddedSmtpServer server) {}

        @Test
        void neverRuns() {}
    }

    static class InstanceField {
        static final List<EmbeddedSmtpServer> SEEN = new CopyOnWriteArrayList<>();

        @RegisterExtension
        SmtpServerExtension smtp = SmtpServerExtension.create();

        @Test
        void one(EmbeddedSmtpServer server) {
            SEEN.add(server);
            assertThat(smtp.server()).isSameAs(server);
        }

        @Test
        void two(EmbeddedSmtpServer server) {
            SEEN.add(server);
        }
    }

    @ExtendWith(SmtpServerExtension.class)
    static class ExtendWithDefaults {
        static final List<EmbeddedSmtpServer> SEEN = new CopyOnWriteArrayList<>();

        @Test
        void injected(EmbeddedSmtpServer server) {
            SEEN.add(server);
        }
    }

    // ---- helpers

    private static TestExecutionSummary run(Class<?> fixture) {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(
                LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectClass(fixture))
                        .build(),
                listener);
        return listener.getSummary();
    }

    /** Fails with the fixture's own failures, stack traces included, unless all its tests passed. */
    private static void assertAllPassed(TestExecutionSummary summary, long tests) {
        StringWriter failures = new StringWriter();
        summary.printFailuresTo(new PrintWriter(failures), 50);
        assertThat(summary.getTotalFailureCount()).as(failures.toString()).isZero();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(tests);
    }

    private static void deliver(EmbeddedSmtpServer server) {
        SmtpClient client = server.client().credentials(PasswordCredential.of("alice", "secret"));
        try {
            client.send(message("from a fixture")).block(WAIT);
        } finally {
            client.close().block(WAIT);
        }
    }

    /** Closed: the inbox has completed and nothing listens on the port any more. */
    private static void assertClosed(EmbeddedSmtpServer server) {
        StepVerifier.create(server.inbox().then()).expectComplete().verify(Duration.ofSeconds(1));
        try (Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress(server.host(), server.port()), 1000))
                    .isInstanceOf(ConnectException.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
