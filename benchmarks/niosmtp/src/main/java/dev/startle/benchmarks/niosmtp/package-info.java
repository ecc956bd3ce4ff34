/** HubSpot NioSmtpClient as a load client, on its own Netty 4.1 class path (see the module's pom). */
package dev.startle.benchmarks.niosmtp;
