package dev.successscore.runtime.security;

import com.google.protobuf.StringValue;
import dev.successscore.runtime.grpc.NotFoundException;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A service for tests, built by hand: {@code successscore.test.v1.Guarded}, whose methods tell who calls and look
 * tenants up the way the suite's services will.
 */
final class GuardedService {

    static final String SERVICE = "successscore.test.v1.Guarded";

    /** Answers "subject|tenants|roles" of the caller; requires READ. */
    static final MethodDescriptor<StringValue, StringValue> WHO_AM_I = unary("WhoAmI");
    /** Answers "ok"; requires ADMIN. */
    static final MethodDescriptor<StringValue, StringValue> ADMINISTER = unary("Administer");
    /** Declared nowhere: closed to everybody. */
    static final MethodDescriptor<StringValue, StringValue> UNDECLARED = unary("Undeclared");
    /** Answers the tenant named by the request, NOT_FOUND for a tenant unknown or not visible; requires READ. */
    static final MethodDescriptor<StringValue, StringValue> GET_TENANT = unary("GetTenant");

    static final MethodRoles ROLES = MethodRoles.builder()
            .require(Role.READ, WHO_AM_I, GET_TENANT)
            .require(Role.ADMIN, ADMINISTER)
            .build();

    /** The tenants that exist. */
    final Set<String> tenants = ConcurrentHashMap.newKeySet();

    ServerServiceDefinition definition() {
        ServiceDescriptor descriptor = ServiceDescriptor.newBuilder(SERVICE)
                .addMethod(WHO_AM_I).addMethod(ADMINISTER).addMethod(UNDECLARED).addMethod(GET_TENANT)
                .build();
        return ServerServiceDefinition.builder(descriptor)
                .addMethod(WHO_AM_I, ServerCalls.asyncUnaryCall(GuardedService::whoAmI))
                .addMethod(ADMINISTER, ServerCalls.asyncUnaryCall((request, response) -> reply(response, "ok")))
                .addMethod(UNDECLARED, ServerCalls.asyncUnaryCall((request, response) -> reply(response, "ok")))
                .addMethod(GET_TENANT, ServerCalls.asyncUnaryCall(this::getTenant))
                .build();
    }

    private static void whoAmI(StringValue request, StreamObserver<StringValue> response) {
        Caller caller = Callers.current();
        String tenants = caller.allTenants() ? "*" : String.join(",", new TreeSet<>(caller.tenants()));
        reply(response, caller.subject() + "|" + tenants + "|" + new TreeSet<>(caller.roles()));
    }

    private void getTenant(StringValue request, StreamObserver<StringValue> response) {
        String tenantId = request.getValue();
        TenantAccess.require(tenantId);
        if (!tenants.contains(tenantId)) {
            throw new NotFoundException("tenant", tenantId);
        }
        reply(response, "tenant " + tenantId);
    }

    private static void reply(StreamObserver<StringValue> response, String value) {
        response.onNext(StringValue.of(value));
        response.onCompleted();
    }

    private static MethodDescriptor<StringValue, StringValue> unary(String name) {
        return MethodDescriptor.<StringValue, StringValue>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                .build();
    }
}
