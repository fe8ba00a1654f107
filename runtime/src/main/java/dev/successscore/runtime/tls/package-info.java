/**
 * Transport security of the suite's gRPC servers and service-to-service channels: TLS 1.2+ with mutual
 * authentication from PEM files that rotate without a restart, or an explicit, loudly logged plaintext mode.
 *
 * <p>{@link dev.successscore.runtime.tls.TlsSettings} reads the {@code CSS_TLS_*} variables and
 * {@code CSS_INSECURE}; {@link dev.successscore.runtime.tls.TransportSecurity} turns them into gRPC server and
 * channel credentials; {@link dev.successscore.runtime.tls.RotatingCertificates} holds the key and trust managers
 * and reads the files again at the reload interval. Every service process serves and calls with it
 * ({@link dev.successscore.runtime.grpc.ServiceProcess#transportSecurity} and
 * {@link dev.successscore.runtime.grpc.ServiceChannels#forTarget(String,
 * dev.successscore.runtime.tls.TransportSecurity)}).
 *
 * <p>{@link dev.successscore.runtime.tls.RotatingHttpsConfigurator} gives the JDK's HTTPS server the same rotating
 * certificates, for the metrics ports.
 */
package dev.successscore.runtime.tls;
