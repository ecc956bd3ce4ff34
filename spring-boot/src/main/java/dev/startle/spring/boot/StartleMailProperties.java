package dev.startle.spring.boot;

import dev.startle.core.TlsMode;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What Startle adds to {@code spring.mail.*}: {@code startle.mail.*}. A value set here wins over the corresponding
 * {@code spring.mail.properties} entry.
 */
@ConfigurationProperties("startle.mail")
public class StartleMailProperties {

    /**
     * How the connection uses TLS: 'starttls-required' (the default unless spring.mail asks for implicit TLS),
     * 'implicit', 'starttls-opportunistic' (can be stripped by an active attacker) or 'none'. Wins over everything in
     * spring.mail.
     */
    private TlsMode tlsMode;

    /**
     * PEM file with the certificates to trust instead of the JDK's trust anchors (a private CA, or the relay's own
     * certificate). A file path, or 'classpath:...'.
     */
    private String trustCertificates;

    /** The name to send with EHLO. Default: mail.smtp.localhost, else the local address literal. */
    private String ehloName;

    /** How long connecting may take. Default: mail.smtp.connectiontimeout, else 10 seconds. */
    private Duration connectTimeout;

    /**
     * How long the relay may take to answer a command, including the end of a large message. Default:
     * mail.smtp.timeout, else 5 minutes.
     */
    private Duration replyTimeout;

    /** Whether a send fails when the relay refuses any recipient (by default only when it refuses all). */
    private boolean requireAllRecipients;

    /** Whether to send with BDAT (CHUNKING) when the relay offers it with PIPELINING. */
    private boolean useChunking = true;

    /** Whether credentials may be sent without TLS. Only honoured with tls-mode 'none' (local test relays). */
    private boolean allowPlaintextAuth;

    /** Whether to log the SMTP conversation at DEBUG to 'dev.startle.mail.wiretap' (AUTH redacted, no bodies). */
    private boolean wiretap;

    /**
     * How long the health check and spring.mail.test-connection may take to connect, upgrade, EHLO, authenticate and
     * QUIT.
     */
    private Duration checkTimeout = Duration.ofSeconds(10);

    /** Session pool settings. */
    private final Pool pool = new Pool();

    public TlsMode getTlsMode() {
        return tlsMode;
    }

    public void setTlsMode(TlsMode tlsMode) {
        this.tlsMode = tlsMode;
    }

    public String getTrustCertificates() {
        return trustCertificates;
    }

    public void setTrustCertificates(String trustCertificates) {
        this.trustCertificates = trustCertificates;
    }

    public String getEhloName() {
        return ehloName;
    }

    public void setEhloName(String ehloName) {
        this.ehloName = ehloName;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getReplyTimeout() {
        return replyTimeout;
    }

    public void setReplyTimeout(Duration replyTimeout) {
        this.replyTimeout = replyTimeout;
    }

    public boolean isRequireAllRecipients() {
        return requireAllRecipients;
    }

    public void setRequireAllRecipients(boolean requireAllRecipients) {
        this.requireAllRecipients = requireAllRecipients;
    }

    public boolean isUseChunking() {
        return useChunking;
    }

    public void setUseChunking(boolean useChunking) {
        this.useChunking = useChunking;
    }

    public boolean isAllowPlaintextAuth() {
        return allowPlaintextAuth;
    }

    public void setAllowPlaintextAuth(boolean allowPlaintextAuth) {
        this.allowPlaintextAuth = allowPlaintextAuth;
    }

    public boolean isWiretap() {
        return wiretap;
    }

    public void setWiretap(boolean wiretap) {
        this.wiretap = wiretap;
    }

    public Duration getCheckTimeout() {
        return checkTimeout;
    }

    public void setCheckTimeout(Duration checkTimeout) {
        this.checkTimeout = checkTimeout;
    }

    public Pool getPool() {
        return pool;
    }

    /** {@code startle.mail.pool.*}: how sends share connections. */
    public static class Pool {

        /** Most connections open at once; further sends wait for one. */
        private int maxConnections = 4;

        /** An idle connection is closed with QUIT after this long (relays drop idle clients). */
        private Duration maxIdleTime = Duration.ofSeconds(30);

        /** A connection idle longer than this is checked with NOOP before it is reused. */
        private Duration validateAfterIdle = Duration.ofSeconds(5);

        /** Sends allowed to wait for a connection before failing fast. */
        private int maxPendingAcquires = 1000;

        public int getMaxConnections() {
            return maxConnections;
        }

        public void setMaxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
        }

        public Duration getMaxIdleTime() {
            return maxIdleTime;
        }

        public void setMaxIdleTime(Duration maxIdleTime) {
            this.maxIdleTime = maxIdleTime;
        }

        public Duration getValidateAfterIdle() {
            return validateAfterIdle;
        }

        public void setValidateAfterIdle(Duration validateAfterIdle) {
            this.validateAfterIdle = validateAfterIdle;
        }

        public int getMaxPendingAcquires() {
            return maxPendingAcquires;
        }

        public void setMaxPendingAcquires(int maxPendingAcquires) {
            this.maxPendingAcquires = maxPendingAcquires;
        }
    }
}
