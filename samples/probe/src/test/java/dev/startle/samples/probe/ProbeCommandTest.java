package dev.startle.samples.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line itself: help, version and usage errors (exit 2, before any connection). */
class ProbeCommandTest {

    @Test
    void helpListsOptionsSchemesAndExitCodes() {
        ProbeRun run = ProbeRun.of("--help");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("Usage: startle-probe")
                .contains("--json", "--timeout", "--ca", "--insecure", "--servername", "--provider", "--verbose")
                .contains("submission (587)", "ldaps (636)")
                .contains("3   certificate verification failed");
    }

    @Test
    void version() {
        ProbeRun run = ProbeRun.of("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("startle-probe ");
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhy() {
        assertThat(ProbeRun.of().exitCode()).isEqualTo(2);
        ProbeRun badUrl = ProbeRun.of("gopher://h");
        assertThat(badUrl.exitCode()).isEqualTo(2);
        assertThat(badUrl.err()).contains("unknown scheme 'gopher'");
        ProbeRun badTimeout = ProbeRun.of("smtp://h", "--timeout", "soon");
        assertThat(badTimeout.exitCode()).isEqualTo(2);
        assertThat(badTimeout.err()).contains("not a duration: 'soon'");
        ProbeRun missingCa = ProbeRun.of("smtp://h", "--ca", "/nonexistent/ca.pem");
        assertThat(missingCa.exitCode()).isEqualTo(2);
        assertThat(missingCa.err()).contains("cannot read /nonexistent/ca.pem");
        ProbeRun badProvider = ProbeRun.of("smtp://h", "--provider", "gnutls");
        assertThat(badProvider.exitCode()).isEqualTo(2);
        assertThat(badProvider.out()).isEmpty();
    }

    @Test
    void durations() {
        ProbeCommand.DurationConverter c = new ProbeCommand.DurationConverter();
        assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(c.convert("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.convert("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(c.convert("PT3S")).isEqualTo(Duration.ofSeconds(3));
        for (String bad : new String[] {"0s", "-1s", "x", ""}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.convert(bad))
                    .isInstanceOf(CommandLine.TypeConversionException.class);
        }
    }
}
