/**
 * A Spring Boot 4 WebFlux service that sends mail through {@code startle-spring-boot-starter}: {@code POST
 * /messages} (JSON or multipart) and, while the embedded demo relay runs, {@code GET /inbox}.
 */
package dev.startle.samples.webfluxmail;
