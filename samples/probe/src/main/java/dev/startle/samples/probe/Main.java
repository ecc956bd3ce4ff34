package dev.startle.samples.probe;

/**
 * {@code startle-probe URL [options]}: probes a server's STARTTLS (or implicit TLS) and prints what was negotiated.
 * Run {@code java -jar startle-probe.jar --help} for the options; {@link ProbeCommand} has the logic.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(ProbeCommand.execute(args, System.out, System.err));
    }
}
