package dev.startle.samples.webfluxmail;

import dev.startle.core.TlsMode;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** {@code sample.*}: the sender address, request limits and the embedded relay. */
@ConfigurationProperties("sample")
public class SampleProperties {

    /** The From address of every message the service sends. */
    private String from = "webflux-mail@startle.example";

    /** Whether to start the embedded demo relay (only while spring.mail.host is not set). */
    private boolean embeddedRelay = true;

    /** Request limits. */
    private final Limits limits = new Limits();

    /** The embedded relay. */
    private final Relay relay = new Relay();

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }

    public boolean isEmbeddedRelay() {
        return embeddedRelay;
    }

    public void setEmbeddedRelay(boolean embeddedRelay) {
        this.embeddedRelay = embeddedRelay;
    }

    public Limits getLimits() {
        return limits;
    }

    public Relay getRelay() {
        return relay;
    }

    /** {@code sample.limits.*}. */
    public static class Limits {
        /** Most recipients (to, cc and bcc together) of one message. */
        private int maxRecipients = 50;

        /** Most attachments of one message. */
        private int maxAttachments = 10;

        /** Largest total size of the attachments of one message (decoded). */
        private DataSize maxAttachmentSize = DataSize.ofMegabytes(10);

        /** Longest subject, in characters. */
        private int maxSubjectLength = 500;

        /** Largest text or HTML body, in characters. */
        private int maxBodyLength = 1_000_000;

        public int getMaxRecipients() {
            return maxRecipients;
        }

        public void setMaxRecipients(int maxRecipients) {
            this.maxRecipients = maxRecipients;
        }

        public int getMaxAttachments() {
            return maxAttachments;
        }

        public void setMaxAttachments(int maxAttachments) {
            this.maxAttachments = maxAttachments;
        }

        public DataSize getMaxAttachmentSize() {
            return maxAttachmentSize;
        }

        public void setMaxAttachmentSize(DataSize maxAttachmentSize) {
            this.maxAttachmentSize = maxAttachmentSize;
        }

        /** The attachment limit as people write it: {@code 10MB}, {@code 256KB}. */
        public String maxAttachmentSizeText() {
            long bytes = maxAttachmentSize.toBytes();
            if (bytes % (1024 * 1024) == 0) {
                return bytes / (1024 * 1024) + "MB";
            }
            return bytes % 1024 == 0 ? bytes / 1024 + "KB" : bytes + "B";
        }

        public int getMaxSubjectLength() {
            return maxSubjectLength;
        }

        public void setMaxSubjectLength(int maxSubjectLength) {
            this.maxSubjectLength = maxSubjectLength;
        }

        public int getMaxBodyLength() {
            return maxBodyLength;
        }

        public void setMaxBodyLength(int maxBodyLength) {
            this.maxBodyLength = maxBodyLength;
        }
    }

    /** {@code sample.relay.*}: the embedded relay. */
    public static class Relay {
        /** Port on 127.0.0.1; 0 picks a free one. */
        private int port = 0;

        /** 'starttls-required' like a real submission server, or 'none' to see what the client does without TLS. */
        private TlsMode tlsMode = TlsMode.STARTTLS_REQUIRED;

        /** Recipients in this domain are refused with 550 5.1.1, to show a relay error. */
        private String rejectDomain = "reject.test";

        /** How many received messages the inbox keeps. */
        private int inboxSize = 100;

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public TlsMode getTlsMode() {
            return tlsMode;
        }

        public void setTlsMode(TlsMode tlsMode) {
            this.tlsMode = tlsMode;
        }

        public String getRejectDomain() {
            return rejectDomain;
        }

        public void setRejectDomain(String rejectDomain) {
            this.rejectDomain = rejectDomain;
        }

        public int getInboxSize() {
            return inboxSize;
        }

        public void setInboxSize(int inboxSize) {
            this.inboxSize = inboxSize;
        }
    }
}
