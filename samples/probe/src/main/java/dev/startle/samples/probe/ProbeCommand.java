package dev.startle.samples.probe;

import dev.startle.core.TlsProvider;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The command line: parses options with picocli, runs a {@link Probe}, prints the report. */
@Command(
        name = "startle-probe",
        mixinStandardHelpOptions = true,
        version = "startle-probe 0.1.0",
        sortOptions = false,
        usageHelpWidth = 100,
        description = {
            "Connects to a mail, news, chat, file or directory server, switches the connection to TLS (STARTTLS, or"
                    + " TLS from the first byte), and reports what was negotiated: protocol, cipher, certificate"
                    + " chain, verification, capabilities before and after TLS, and how long each phase took.",
            "",
            "Schemes (default port): smtp (25), submission (587), smtps (465), imap (143), imaps (993), pop3 (110),"
                    + " pop3s (995), xmpp (5222), xmpps (5223), nntp (119), nntps (563), ftp (21), ftps (990),"
                    + " ldap (389), ldaps (636).",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:probe succeeded (certificate verified, or verification ignored with --insecure)",
            "1:probe failed: connection, protocol, STARTTLS refused or not offered, TLS handshake",
            "2:usage error",
            "3:certificate verification failed"
        })
final class ProbeCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "URL",
            converter = TargetConverter.class,
            description = "scheme://host[:port], e.g. smtp://mail.example.org:25 or imaps://[::1]")
    Target target;

    @Option(names = "--json", description = "print one JSON object on stdout, and nothing else")
    boolean json;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description =
                    "bound on connecting, each answer and the handshake: 500ms, 10s, 1m (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(
            names = "--ca",
            paramLabel = "FILE",
            description = "trust the CA certificates in this PEM file instead of the JDK's")
    Path ca;

    @Option(
            names = "--insecure",
            description = "carry on when certificate verification fails (it is still done and reported)")
    boolean insecure;

    @Option(
            names = "--servername",
            paramLabel = "NAME",
            description = "name for SNI and the certificate check (and XMPP's 'to'), when it is not the URL's host")
    String serverName;

    @Option(
            names = "--provider",
            paramLabel = "PROVIDER",
            defaultValue = "auto",
            description = "TLS implementation: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    TlsProvider provider;

    @Option(
            names = {"-v", "--verbose"},
            description = "show the conversation (plaintext and TLS, as Startle's wiretap sees it) on stderr")
    boolean verbose;

    ProbeCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Parses {@code args}, probes, prints; returns the exit code instead of exiting (for tests and embedding). */
    static int execute(String[] args, PrintStream out, PrintStream err) {
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        CommandLine cl = new CommandLine(new ProbeCommand(out, err))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(outWriter)
                .setErr(errWriter);
        int code = cl.execute(args);
        outWriter.flush();
        errWriter.flush();
        return code;
    }

    @Override
    public Integer call() {
        if (ca != null && !Files.isReadable(ca)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--ca: cannot read " + ca);
        }
        ProbeOptions options = new ProbeOptions(timeout, ca, insecure, serverName, provider, verbose);
        try {
            Probe.tlsSettings(options); // a bad CA file or provider is a usage error, before connecting
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        boolean interactive = System.console() != null;
        ProbeReport report;
        try (Progress progress = new Progress(err, verbose || interactive)) {
            report = new Probe(target, options, new Transcript(err, verbose), progress).run();
        }
        Instant now = Instant.now();
        if (json) {
            out.println(JsonReport.render(report, now));
        } else {
            TextReport.print(report, out, now);
        }
        out.flush();
        if (!report.ok()) {
            err.println("startle-probe: " + report.failure);
            err.flush();
        }
        return report.exitCode;
    }

    /** {@code scheme://host[:port]} to a {@link Target}; a bad URL is a usage error with the reason. */
    static final class TargetConverter implements CommandLine.ITypeConverter<Target> {
        @Override
        public Target convert(String value) {
            try {
                return Target.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code 500ms}, {@code 10s}, {@code 2m}, a bare number of seconds, or ISO-8601 ({@code PT10S}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            Duration d;
            try {
                if (v.startsWith("pt")) {
                    d = Duration.parse(value.trim());
                } else if (v.endsWith("ms")) {
                    d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                } else if (v.endsWith("s")) {
                    d = Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
                } else if (v.endsWith("m")) {
                    d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
                } else {
                    d = Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
                }
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("not a duration: '" + value + "' (try 10s or 500ms)");
            }
            if (d.isNegative() || d.isZero()) {
                throw new CommandLine.TypeConversionException("the timeout must be positive: '" + value + "'");
            }
            return d;
        }
    }
}
