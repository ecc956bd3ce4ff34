package dev.startle.spring.boot;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The standard {@code spring.mail.*} properties, bound by Startle itself so that the starter does not need Boot's
 * {@code spring-boot-mail} module (which brings Jakarta Mail and a blocking {@code JavaMailSender}). The names and
 * meanings are Boot's; how each maps to the SMTP client is tabled in the starter's README. When
 * {@code spring-boot-mail} is on the class path as well, both bind the same values.
 */
@ConfigurationProperties("spring.mail")
public class SpringMailProperties {

    /** SMTP server host. For instance, 'smtp.example.com'. Setting it turns the Startle mail sender on. */
    private String host;

    /** SMTP server port. Default: 465 for implicit TLS, 587 (submission) otherwise. */
    private Integer port;

    /** Login user of the SMTP server. Credentials are only ever sent under TLS. */
    private String username;

    /** Login password of the SMTP server. */
    private String password;

    /** Protocol used by the SMTP server: 'smtp' (STARTTLS) or 'smtps' (implicit TLS). */
    private String protocol = "smtp";

    /** Default MimeMessage encoding. Not used by Startle, which always writes UTF-8. */
    private String defaultEncoding;

    /**
     * Additional JavaMail Session properties. Startle maps the ones with an equivalent (TLS mode, timeouts, EHLO name,
     * TLS protocols and cipher suites, AUTH mechanism) and never lets them weaken TLS.
     */
    private final Map<String, String> properties = new LinkedHashMap<>();

    /** Session JNDI name. Not supported by Startle (ignored with a warning). */
    private String jndiName;

    /** Whether to test that the mail server is available on startup (connect, TLS, EHLO, AUTH, QUIT). */
    private boolean testConnection;

    /** SSL settings. */
    private final Ssl ssl = new Ssl();

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getProtocol() {
        return protocol;
    }

    public void setProtocol(String protocol) {
        this.protocol = protocol;
    }

    public String getDefaultEncoding() {
        return defaultEncoding;
    }

    public void setDefaultEncoding(String defaultEncoding) {
        this.defaultEncoding = defaultEncoding;
    }

    public Map<String, String> getProperties() {
        return properties;
    }

    public String getJndiName() {
        return jndiName;
    }

    public void setJndiName(String jndiName) {
        this.jndiName = jndiName;
    }

    public boolean isTestConnection() {
        return testConnection;
    }

    public void setTestConnection(boolean testConnection) {
        this.testConnection = testConnection;
    }

    public Ssl getSsl() {
        return ssl;
    }

    /** {@code spring.mail.ssl.*}. */
    public static class Ssl {

        /** Whether to enable SSL support: TLS from the first byte (implicit TLS, port 465). */
        private boolean enabled;

        /**
         * Whether to verify that the server's certificate was issued for the host name. Turning it off is a security
         * risk; Startle logs a warning.
         */
        private boolean verifyHostname = true;

        /** SSL bundle name whose trust material (and key material, for client certificates) the client uses. */
        private String bundle;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public boolean isVerifyHostname() {
            return verifyHostname;
        }

        public void setVerifyHostname(boolean verifyHostname) {
            this.verifyHostname = verifyHostname;
        }

        public String getBundle() {
            return bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }
    }
}
