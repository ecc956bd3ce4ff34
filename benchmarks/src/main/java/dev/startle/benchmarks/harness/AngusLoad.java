package dev.startle.benchmarks.harness;

import jakarta.mail.Address;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.Properties;
import javax.net.ssl.SSLContext;

/**
 * Angus Mail 2.0.x ({@code jakarta.mail}): one thread per connection (platform, or virtual with {@code --virtual}),
 * each with its own {@link Transport}; STARTTLS required, server identity checked. The message is parsed once from the
 * same RFC 5322 bytes the other clients send.
 */
final class AngusLoad implements Load {
    private final LoadConfig config;
    private final Properties props = new Properties();

    AngusLoad(LoadConfig config) throws Exception {
        this.config = config;
        props.put("mail.smtp.host", "localhost");
        props.put("mail.smtp.port", String.valueOf(config.port()));
        props.put("mail.smtp.localhost", "client.bench.example");
        props.put("mail.smtp.connectiontimeout", "30000");
        props.put("mail.smtp.timeout", "60000");
        if (config.tls()) {
            SSLContext context = config.pki().clientContext();
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
            props.put("mail.smtp.ssl.socketFactory", context.getSocketFactory());
            props.put("mail.smtp.ssl.checkserveridentity", "true");
            props.put("mail.smtp.ssl.protocols", "TLSv1.3 TLSv1.2");
        }
    }

    @Override
    public void run(Run run) throws Exception {
        byte[] bytes = Messages.message(config.size());
        Threads.runAll(config.connections(), config.virtualThreads(), run, i -> {
            Session session = Session.getInstance(props);
            MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(bytes));
            Address[] to = {new InternetAddress(Messages.TO)};
            message.setFrom(new InternetAddress(Messages.FROM));
            Transport transport = null;
            try {
                while (run.running()) {
                    long start = System.nanoTime();
                    try {
                        if (transport == null) {
                            transport = session.getTransport("smtp");
                            transport.connect();
                        }
                        transport.sendMessage(message, to);
                        if (config.newConnectionPerMessage()) {
                            transport.close();
                            transport = null;
                        }
                        run.ok(start);
                    } catch (Exception e) {
                        run.error(e);
                        closeQuietly(transport);
                        transport = null;
                        Run.pause(20);
                    }
                }
            } finally {
                closeQuietly(transport);
            }
        });
    }

    private static void closeQuietly(Transport t) {
        if (t != null) {
            try {
                t.close();
            } catch (Exception ignored) {
                // the server may be gone already
            }
        }
    }
}
