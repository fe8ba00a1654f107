package dev.successscore.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.StringValue;
import dev.successscore.runtime.grpc.GrpcServer;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import successscore.score.v1.VerifyHistoryRequest;
import successscore.usage.v1.ListTenantsRequest;

/**
 * Every log line written while a call is handled carries the call's rpc, trace and tenant, and the JSON encoder the
 * services log with writes them as fields.
 */
class LoggingContextInterceptorTest {

    private static final String SERVICE = "successscore.test.v1.Context";
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";
    private static final MethodDescriptor<VerifyHistoryRequest, StringValue> BY_TENANT =
            method("ByTenant", VerifyHistoryRequest.getDefaultInstance());
    private static final MethodDescriptor<ListTenantsRequest, StringValue> WITHOUT_TENANT =
            method("WithoutTenant", ListTenantsRequest.getDefaultInstance());
    private static final MethodDescriptor<VerifyHistoryRequest, StringValue> FORWARD =
            method("Forward", VerifyHistoryRequest.getDefaultInstance());

    private final List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
    private final List<GrpcServer> servers = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final Logger log = (Logger) LoggerFactory.getLogger("dev.successscore.test.CallLog");
    private OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> json;
    private ManagedChannel channel;

    private static <Q extends com.google.protobuf.Message> MethodDescriptor<Q, StringValue> method(String name,
                                                                                                  Q prototype) {
        return MethodDescriptor.<Q, StringValue>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(ProtoUtils.marshaller(prototype))
                .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                .build();
    }

    @BeforeEach
    void start() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.start();
        json = new OutputStreamAppender<>();
        json.setContext(context);
        json.setEncoder(encoder);
        json.setOutputStream(logged);
        json.start();
        log.addAppender(json);
        log.setLevel(Level.INFO);
        log.setAdditive(false);

        // a downstream service, and one that calls it while handling a call
        ManagedChannel downstream = serve(null).newChannel();
        channels.add(downstream);
        channel = serve(ClientInterceptors.intercept(downstream, new TraceParentClientInterceptor())).newChannel();
        channels.add(channel);
    }

    @AfterEach
    void stop() {
        log.detachAppender(json);
        json.stop();
        channels.forEach(ManagedChannel::shutdownNow);
        servers.forEach(server -> server.stop(Duration.ofSeconds(1)));
    }

    private GrpcServer serve(io.grpc.Channel forwardTo) {
        ServiceDescriptor descriptor = ServiceDescriptor.newBuilder(SERVICE)
                .addMethod(BY_TENANT).addMethod(WITHOUT_TENANT).addMethod(FORWARD).build();
        ServerServiceDefinition definition = ServerServiceDefinition.builder(descriptor)
                .addMethod(BY_TENANT, ServerCalls.asyncUnaryCall((request, response) -> {
                    seen.add(MDC.getCopyOfContextMap());
                    log.info("handling the request");
                    response.onNext(StringValue.of("ok"));
                    response.onCompleted();
                }))
                .addMethod(WITHOUT_TENANT, ServerCalls.asyncUnaryCall((request, response) -> {
                    seen.add(MDC.getCopyOfContextMap());
                    response.onNext(StringValue.of("ok"));
                    response.onCompleted();
                }))
                .addMethod(FORWARD, ServerCalls.asyncUnaryCall((request, response) -> {
                    seen.add(MDC.getCopyOfContextMap());
                    response.onNext(ClientCalls.blockingUnaryCall(forwardTo, BY_TENANT, CallOptions.DEFAULT,
                            VerifyHistoryRequest.newBuilder().setTenantId("downstream-tenant").build()));
                    response.onCompleted();
                }))
                .build();
        GrpcServer server = GrpcServer.inProcess("context-" + UUID.randomUUID()).addService(definition).build()
                .start();
        servers.add(server);
        return server;
    }

    private static Metadata traceparent(String value) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER), value);
        return headers;
    }

    private <Q> void call(MethodDescriptor<Q, StringValue> method, Q request, String traceparent) {
        io.grpc.Channel target = traceparent == null ? channel
                : ClientInterceptors.intercept(channel,
                MetadataUtils.newAttachHeadersInterceptor(traceparent(traceparent)));
        ClientCalls.blockingUnaryCall(target, method, CallOptions.DEFAULT, request);
    }

    @Test
    void aLogLineWrittenDuringACallIsJsonWithTheCallsTenantRpcAndTrace() throws Exception {
        call(BY_TENANT, VerifyHistoryRequest.newBuilder().setTenantId("acme").build(),
                "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01");

        String[] lines = logged.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(lines[0]);
        assertThat(line.get("message").asText()).isEqualTo("handling the request");
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("tenant_id").asText()).isEqualTo("acme");
        assertThat(line.get("rpc").asText()).isEqualTo(SERVICE + "/ByTenant");
        assertThat(line.get("trace_id").asText()).isEqualTo(TRACE_ID);
        assertThat(line.get("parent_span_id").asText()).isEqualTo(CALLER_SPAN);
        assertThat(line.get("span_id").asText()).matches("[0-9a-f]{16}").isNotEqualTo(CALLER_SPAN);
    }

    @Test
    void withoutAValidTraceparentACallStartsATraceOfItsOwn() {
        call(BY_TENANT, VerifyHistoryRequest.newBuilder().setTenantId("acme").build(), "00-not-a-trace");
        call(BY_TENANT, VerifyHistoryRequest.newBuilder().setTenantId("acme").build(), null);

        assertThat(seen).hasSize(2).allSatisfy(context -> {
            assertThat(context.get("trace_id")).matches("[0-9a-f]{32}").isNotEqualTo(TRACE_ID);
            assertThat(context).doesNotContainKey("parent_span_id");
        });
        assertThat(seen.get(0).get("trace_id")).isNotEqualTo(seen.get(1).get("trace_id"));
    }

    @Test
    void aRequestWithoutTenantLogsNoTenantAndNothingIsLeftFromTheCallBefore() {
        call(BY_TENANT, VerifyHistoryRequest.newBuilder().setTenantId("acme").build(), null);
        call(WITHOUT_TENANT, ListTenantsRequest.getDefaultInstance(), null);
        call(BY_TENANT, VerifyHistoryRequest.getDefaultInstance(), null);

        assertThat(seen.get(1)).doesNotContainKey("tenant_id").containsEntry("rpc", SERVICE + "/WithoutTenant");
        assertThat(seen.get(2)).as("an empty tenant_id").doesNotContainKey("tenant_id");
    }

    @Test
    void aCallMadeWhileHandlingACallCarriesTheTraceOn() {
        call(FORWARD, VerifyHistoryRequest.newBuilder().setTenantId("acme").build(),
                "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01");

        assertThat(seen).hasSize(2);
        Map<String, String> caller = seen.get(0);
        Map<String, String> called = seen.get(1);
        assertThat(caller).containsEntry("trace_id", TRACE_ID).containsEntry("tenant_id", "acme");
        assertThat(called).containsEntry("trace_id", TRACE_ID)
                .containsEntry("parent_span_id", caller.get("span_id"))
                .containsEntry("tenant_id", "downstream-tenant")
                .containsEntry("rpc", SERVICE + "/ByTenant");
    }

    @Test
    void readsTheTenantOfAnyMessageWithATenantIdField() {
        assertThat(LoggingContextInterceptor.tenantIdOf(
                VerifyHistoryRequest.newBuilder().setTenantId("t-1").build())).isEqualTo("t-1");
        assertThat(LoggingContextInterceptor.tenantIdOf(ListTenantsRequest.getDefaultInstance())).isNull();
        assertThat(LoggingContextInterceptor.tenantIdOf("not a message")).isNull();
    }
}
