/**
 * A reactive mail-sending API for Spring applications, backed by Startle's SMTP client: {@link
 * dev.startle.spring.mail.ReactiveMailSender} and its default implementation {@link
 * dev.startle.spring.mail.StartleReactiveMailSender}. Nothing here depends on Spring Boot; the starter's
 * auto-configuration ({@code dev.startle.spring.boot}) creates the beans from {@code spring.mail.*} and
 * {@code startle.mail.*}.
 */
package dev.startle.spring.mail;
