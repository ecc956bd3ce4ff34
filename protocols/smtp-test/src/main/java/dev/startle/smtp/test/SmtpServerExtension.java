package dev.startle.smtp.test;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that runs an {@link EmbeddedSmtpServer}: by default one per test class (started before the
 * class's {@code @BeforeAll} methods, closed after its {@code @AfterAll} methods, inbox cleared before each test), or a
 * fresh one per test with {@link #perTest()}. Test methods, {@code @BeforeEach} methods and (per class) constructors
 * and {@code @BeforeAll} methods can declare an {@link EmbeddedSmtpServer} parameter to get it.
 *
 * <pre>{@code
 * class MailerTest {
 *     @RegisterExtension
 *     static SmtpServerExtension smtp = SmtpServerExtension.create()
 *             .startTls(StartTlsBehaviour.REQUIRED)
 *             .withUser("alice", "secret");
 *
 *     @Test
 *     void sendsTheWelcomeMail(EmbeddedSmtpServer server) {
 *         new Mailer(server.host(), server.port(), server.clientTlsSettings()).sendWelcome("bob@example.net");
 *         assertThat(server.awaitMessages(1, Duration.ofSeconds(5)).get(0).recipients())
 *                 .containsExactly("bob@example.net");
 *     }
 * }
 * }</pre>
 *
 * <p>Registered on a static field, a per-class server is shared with {@code @Nested} classes. Registered on an instance
 * field (or with {@code @ExtendWith(SmtpServerExtension.class)}, which uses the defaults) JUnit calls no class-level
 * callbacks, so each test gets its own server. {@link #server()} gives the running server to code without a parameter.
 * A shared server's inbox is shared too: do not run the methods of a per-class server's test class concurrently (use
 * {@link #perTest()} and parameters then). Immutable configuration: every method returns a changed copy.
 */
public final class SmtpServerExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final Namespace NAMESPACE = Namespace.create(SmtpServerExtension.class);

    private final EmbeddedSmtpServer.Builder builder;
    private final boolean perTest;
    private final Object key = new Object();
    private volatile EmbeddedSmtpServer current;

    /** An extension with the defaults of {@link EmbeddedSmtpServer#builder()}, for {@code @ExtendWith}. */
    public SmtpServerExtension() {
        this(EmbeddedSmtpServer.builder(), false);
    }

    private SmtpServerExtension(EmbeddedSmtpServer.Builder builder, boolean perTest) {
        this.builder = Objects.requireNonNull(builder, "builder");
        this.perTest = perTest;
    }

    /** An extension starting servers with the defaults of {@link EmbeddedSmtpServer#builder()}, one per class. */
    public static SmtpServerExtension create() {
        return new SmtpServerExtension();
    }

    /** An extension starting servers from {@code builder}, one per class. */
    public static SmtpServerExtension of(EmbeddedSmtpServer.Builder builder) {
        return new SmtpServerExtension(builder, false);
    }

    /** How the server treats STARTTLS; see {@link StartTlsBehaviour}. */
    public SmtpServerExtension startTls(StartTlsBehaviour startTls) {
        return new SmtpServerExtension(builder.startTls(startTls), perTest);
    }

    /** Adds a user for AUTH; see {@link EmbeddedSmtpServer.Builder#withUser}. */
    public SmtpServerExtension withUser(String username, String password) {
        return new SmtpServerExtension(builder.withUser(username, password), perTest);
    }

    /** Refuses MAIL FROM until the client authenticated; see {@link EmbeddedSmtpServer.Builder#requireAuth}. */
    public SmtpServerExtension requireAuth(boolean require) {
        return new SmtpServerExtension(builder.requireAuth(require), perTest);
    }

    /** Anything else the builder offers, e.g. {@code configure(b -> b.tlsProvider(TlsProvider.JDK))}. */
    public SmtpServerExtension configure(UnaryOperator<EmbeddedSmtpServer.Builder> change) {
        return new SmtpServerExtension(Objects.requireNonNull(change.apply(builder), "configured builder"), perTest);
    }

    /** A fresh server for every test, closed after it (new port, new certificates, empty inbox). */
    public SmtpServerExtension perTest() {
        return new SmtpServerExtension(builder, true);
    }

    /** One server for the whole test class, its inbox cleared before each test (the default). */
    public SmtpServerExtension perClass() {
        return new SmtpServerExtension(builder, false);
    }

    /**
     * The server currently running for this extension.
     *
     * @throws IllegalStateException outside the tests (and callbacks) the extension serves
     */
    public EmbeddedSmtpServer server() {
        EmbeddedSmtpServer server = current;
        if (server == null) {
            throw new IllegalStateException("no SMTP server is running: server() works only while the tests of the "
                    + "class that registered this extension run");
        }
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!perTest && find(context) == null) {
            current = builder.start();
            context.getStore(NAMESPACE).put(key, current);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        EmbeddedSmtpServer server = find(context);
        if (perTest || server == null) {
            server = builder.start();
            context.getStore(NAMESPACE).put(key, server);
        } else {
            server.clear();
        }
        current = server;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeOwned(context); // only a server this test started: remove() does not look at the class's store
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeOwned(context);
    }

    private void closeOwned(ExtensionContext context) {
        EmbeddedSmtpServer owned = context.getStore(NAMESPACE).remove(key, EmbeddedSmtpServer.class);
        if (owned != null) {
            if (current == owned) {
                current = null;
            }
            owned.close();
            EmbeddedSmtpServer outer = find(context); // a @Nested class's test may run inside an outer class's server
            if (outer != null) {
                current = outer;
            }
        }
    }

    /** The server of this extension in this context or an enclosing one (stores are searched outwards). */
    private EmbeddedSmtpServer find(ExtensionContext context) {
        return context.getStore(NAMESPACE).get(key, EmbeddedSmtpServer.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedSmtpServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        EmbeddedSmtpServer server = find(context);
        if (server == null) {
            throw new ParameterResolutionException("no EmbeddedSmtpServer is running yet for "
                    + parameter.getDeclaringExecutable()
                    + (perTest
                            ? ": with perTest() the server starts before each test, after the test instance is "
                                    + "created, so inject it into test or @BeforeEach methods"
                            : ""));
        }
        return server;
    }

    @Override
    public String toString() {
        return "SmtpServerExtension[" + builder.startTlsBehaviour() + (perTest ? ", per test]" : ", per class]");
    }
}
