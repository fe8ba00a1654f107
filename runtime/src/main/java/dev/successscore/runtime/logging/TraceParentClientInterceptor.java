package dev.successscore.runtime.logging;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import org.slf4j.MDC;

/**
 * Carries the current trace to the service called: a call started while a call is being handled (its
 * {@value LoggingContextInterceptor#TRACE_ID} and {@value LoggingContextInterceptor#SPAN_ID} in the logging
 * context, see {@link LoggingContextInterceptor}) sends them as a W3C {@code traceparent} header, so the called
 * service logs under the same trace id. Outside a call (background work) nothing is added; a header set by the
 * caller is left alone.
 */
public final class TraceParentClientInterceptor implements ClientInterceptor {

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
                                                               CallOptions callOptions, Channel next) {
        String traceId = MDC.get(LoggingContextInterceptor.TRACE_ID);
        String spanId = MDC.get(LoggingContextInterceptor.SPAN_ID);
        if (!TraceParent.isTraceId(traceId) || !TraceParent.isSpanId(spanId)) {
            return next.newCall(method, callOptions);
        }
        String header = new TraceParent(traceId, spanId, TraceParent.SAMPLED).header();
        return new SimpleForwardingClientCall<>(next.newCall(method, callOptions)) {
            @Override
            public void start(Listener<RespT> responseListener, Metadata headers) {
                if (!headers.containsKey(LoggingContextInterceptor.TRACEPARENT)) {
                    headers.put(LoggingContextInterceptor.TRACEPARENT, header);
                }
                super.start(responseListener, headers);
            }
        };
    }
}
