package dev.successscore.runtime.logging;

import dev.successscore.runtime.grpc.RequestTenants;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * Puts the call into the logging context (SLF4J's MDC) of every log line written while a call is handled:
 * {@value #RPC} (the full method name), {@value #TRACE_ID} and {@value #SPAN_ID}, {@value #PARENT_SPAN_ID} when the
 * caller sent one, and {@value #TENANT_ID} once a request message with a {@code tenant_id} field has arrived.
 *
 * <p>The trace comes from the caller's W3C {@code traceparent} header when it is present and valid (the call is
 * then a new span of that trace, its parent the caller's span); otherwise a new trace starts. The tenant id is read
 * through the message's protobuf descriptor ({@link RequestTenants}), so any request with a string field
 * {@code tenant_id} carries it.
 *
 * <p>gRPC runs a call's listener callbacks on whichever executor thread is free, so the context is set before and
 * restored after each callback, never left on a thread. {@link dev.successscore.runtime.grpc.GrpcServer} installs
 * this interceptor outermost on every service, so the other interceptors log inside the context too.
 */
public final class LoggingContextInterceptor implements ServerInterceptor {

    public static final String TENANT_ID = "tenant_id";
    public static final String RPC = "rpc";
    public static final String TRACE_ID = "trace_id";
    public static final String SPAN_ID = "span_id";
    public static final String PARENT_SPAN_ID = "parent_span_id";

    static final Metadata.Key<String> TRACEPARENT =
            Metadata.Key.of(TraceParent.HEADER, Metadata.ASCII_STRING_MARSHALLER);
    private static final String[] KEYS = {TENANT_ID, RPC, TRACE_ID, SPAN_ID, PARENT_SPAN_ID};

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                 ServerCallHandler<ReqT, RespT> next) {
        CallContext context = CallContext.of(call.getMethodDescriptor().getFullMethodName(),
                headers.get(TRACEPARENT));
        ServerCall.Listener<ReqT> listener = context.call(() -> next.startCall(call, headers));
        return new ContextListener<>(listener, context);
    }

    /**
     * The string field {@code tenant_id} of a protobuf message, or {@code null} when it has none or it is empty
     * (see {@link RequestTenants}).
     */
    static String tenantIdOf(Object message) {
        return RequestTenants.tenantIdOf(message);
    }

    /** What one call puts into the logging context. */
    private static final class CallContext {

        private final String rpc;
        private final String traceId;
        private final String spanId;
        private final String parentSpanId;
        private volatile String tenantId;

        private CallContext(String rpc, String traceId, String spanId, String parentSpanId) {
            this.rpc = rpc;
            this.traceId = traceId;
            this.spanId = spanId;
            this.parentSpanId = parentSpanId;
        }

        static CallContext of(String rpc, String traceparent) {
            return TraceParent.parse(traceparent)
                    .map(parent -> new CallContext(rpc, parent.traceId(), TraceParent.newSpanId(), parent.parentId()))
                    .orElseGet(() -> new CallContext(rpc, TraceParent.newTraceId(), TraceParent.newSpanId(), null));
        }

        <T> T call(Supplier<T> action) {
            String[] previous = new String[KEYS.length];
            for (int i = 0; i < KEYS.length; i++) {
                previous[i] = MDC.get(KEYS[i]);
            }
            put(TENANT_ID, tenantId);
            put(RPC, rpc);
            put(TRACE_ID, traceId);
            put(SPAN_ID, spanId);
            put(PARENT_SPAN_ID, parentSpanId);
            try {
                return action.get();
            } finally {
                for (int i = 0; i < KEYS.length; i++) {
                    put(KEYS[i], previous[i]);
                }
            }
        }

        void run(Runnable action) {
            call(() -> {
                action.run();
                return null;
            });
        }

        private static void put(String key, String value) {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        }
    }

    /** Runs every callback of the call inside its context. */
    private static final class ContextListener<ReqT> extends SimpleForwardingServerCallListener<ReqT> {

        private final CallContext context;

        ContextListener(ServerCall.Listener<ReqT> delegate, CallContext context) {
            super(delegate);
            this.context = context;
        }

        @Override
        public void onMessage(ReqT message) {
            String tenantId = tenantIdOf(message);
            if (tenantId != null) {
                context.tenantId = tenantId;
            }
            context.run(() -> super.onMessage(message));
        }

        @Override
        public void onHalfClose() {
            context.run(super::onHalfClose);
        }

        @Override
        public void onCancel() {
            context.run(super::onCancel);
        }

        @Override
        public void onComplete() {
            context.run(super::onComplete);
        }

        @Override
        public void onReady() {
            context.run(super::onReady);
        }
    }
}
