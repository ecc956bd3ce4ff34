package dev.startle.samples.probe;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/** The URL schemes the probe understands: protocol family, default port, and whether TLS is implicit or STARTTLS. */
enum Scheme {
    SMTP("smtp", 25, false, SmtpProber::new),
    SUBMISSION("submission", 587, false, SmtpProber::new),
    SMTPS("smtps", 465, true, SmtpProber::new),
    IMAP("imap", 143, false, ImapProber::new),
    IMAPS("imaps", 993, true, ImapProber::new),
    POP3("pop3", 110, false, Pop3Prober::new),
    POP3S("pop3s", 995, true, Pop3Prober::new),
    XMPP("xmpp", 5222, false, XmppProber::new),
    XMPPS("xmpps", 5223, true, XmppProber::new),
    NNTP("nntp", 119, false, NntpProber::new),
    NNTPS("nntps", 563, true, NntpProber::new),
    FTP("ftp", 21, false, FtpProber::new),
    FTPS("ftps", 990, true, FtpProber::new),
    LDAP("ldap", 389, false, LdapProber::new),
    LDAPS("ldaps", 636, true, LdapProber::new);

    private final String id;
    private final int defaultPort;
    private final boolean implicitTls;
    private final Supplier<Prober> prober;

    Scheme(String id, int defaultPort, boolean implicitTls, Supplier<Prober> prober) {
        this.id = id;
        this.defaultPort = defaultPort;
        this.implicitTls = implicitTls;
        this.prober = prober;
    }

    /** The scheme as written in a URL, e.g. {@code "smtp"}. */
    String id() {
        return id;
    }

    int defaultPort() {
        return defaultPort;
    }

    /** Whether TLS starts with the first byte (smtps, imaps, ...) rather than by STARTTLS. */
    boolean implicitTls() {
        return implicitTls;
    }

    /** A fresh prober for one connection. */
    Prober newProber() {
        return prober.get();
    }

    static Optional<Scheme> of(String id) {
        String lower = id.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.id.equals(lower)).findFirst();
    }

    /** All scheme ids with their default ports, for help and error messages. */
    static String list() {
        return String.join(
                ", ",
                Arrays.stream(values())
                        .map(s -> s.id + " (" + s.defaultPort + (s.implicitTls ? ", implicit TLS" : "") + ")")
                        .toList());
    }
}
