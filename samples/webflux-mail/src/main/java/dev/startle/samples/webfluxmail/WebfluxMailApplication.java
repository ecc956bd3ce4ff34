package dev.startle.samples.webfluxmail;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Starts the service. With no configuration it also starts an embedded Startle SMTP relay on 127.0.0.1 (a certificate
 * minted at start-up, STARTTLS required, AUTH required) and sends to it; set {@code spring.mail.host} (and the usual
 * {@code spring.mail.*}) to send through a real relay instead.
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleProperties.class)
public class WebfluxMailApplication {

    /** Runs the service. */
    public static void main(String[] args) {
        SpringApplication.run(WebfluxMailApplication.class, args);
    }
}
