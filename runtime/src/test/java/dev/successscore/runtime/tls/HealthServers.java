package dev.successscore.runtime.tls;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.services.HealthStatusManager;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real TCP gRPC servers on free ports with the standard health service (SERVING), and calls to them over new
 * connections, remembering the certificates each side saw of the other. Closing stops them all.
 */
final class HealthServers implements AutoCloseable {

    private final List<Server> servers = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    /** The certificate the last served client presented, or null when it presented none. */
    volatile X509Certificate lastClientCertificate;
    /** The certificate the server presented to the last call that was answered. */
    volatile X509Certificate lastServerCertificate;

    /** Starts a server with these credentials; returns it (its port is {@link Server#getPort()}). */
    Server start(ServerCredentials credentials) {
        HealthStatusManager health = new HealthStatusManager();
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        Server server = Grpc.newServerBuilderForPort(0, credentials)
                .addService(ServerInterceptors.intercept(health.getHealthService(), new ClientCertificateCapture()))
                .build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        servers.add(server);
        return server;
    }

    /** Closes {@code resource} with the servers. */
    <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }

    /** Asks the health service over a new channel to {@code localhost:<port>}. */
    ServingStatus check(Server server, ChannelCredentials credentials) {
        return check("localhost", server, credentials);
    }

    /** Asks the health service over a new channel to {@code host:<port>}. */
    ServingStatus check(String host, Server server, ChannelCredentials credentials) {
        return check(Grpc.newChannelBuilderForAddress(host, server.getPort(), credentials).build());
    }

    /** Asks the health service over a new plaintext channel to {@code localhost:<port>}. */
    ServingStatus checkInPlaintext(Server server) {
        return check(Grpc.newChannelBuilderForAddress("localhost", server.getPort(),
                io.grpc.InsecureChannelCredentials.create()).build());
    }

    private ServingStatus check(ManagedChannel channel) {
        try {
            return HealthGrpc.newBlockingStub(channel)
                    .withInterceptors(new ServerCertificateCapture())
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance())
                    .getStatus();
        } finally {
            channel.shutdownNow();
        }
    }

    @Override
    public void close() throws Exception {
        for (Server server : servers) {
            server.shutdownNow();
            server.awaitTermination(5, TimeUnit.SECONDS);
        }
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private static X509Certificate first(SSLSession session, boolean peer) {
        if (session == null) {
            return null;
        }
        try {
            Certificate[] chain = peer ? session.getPeerCertificates() : session.getLocalCertificates();
            return chain == null || chain.length == 0 ? null : (X509Certificate) chain[0];
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private final class ClientCertificateCapture implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                           ServerCallHandler<Q, R> next) {
            lastClientCertificate = first(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION), true);
            return next.startCall(call, headers);
        }
    }

    private final class ServerCertificateCapture implements ClientInterceptor {
        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
                                                     Channel next) {
            ClientCall<Q, R> call = next.newCall(method, options);
            return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                        @Override
                        public void onHeaders(Metadata responseHeaders) {
                            lastServerCertificate =
                                    first(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION), true);
                            super.onHeaders(responseHeaders);
                        }
                    }, headers);
                }
            };
        }
    }
}
