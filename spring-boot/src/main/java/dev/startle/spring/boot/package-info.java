/**
 * Spring Boot 4 auto-configuration for Startle mail: {@link dev.startle.spring.boot.StartleMailAutoConfiguration}
 * (a {@code ReactiveMailSender} from {@code spring.mail.*} and {@code startle.mail.*}), {@link
 * dev.startle.spring.boot.StartleMailHealthAutoConfiguration} (a reactive health indicator) and {@link
 * dev.startle.spring.boot.StartleMailMetricsAutoConfiguration} (Micrometer meters). Applications use the beans, the
 * properties, {@link dev.startle.spring.boot.MailRelaySettings} and {@link
 * dev.startle.spring.boot.SmtpClientCustomizer}; everything else here is package-private.
 */
package dev.startle.spring.boot;
