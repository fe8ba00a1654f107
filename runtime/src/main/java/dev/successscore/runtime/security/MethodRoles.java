package dev.successscore.runtime.security;

import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The role each method of a service requires, by full method name ({@code package.Service/Method}). A method
 * declared nowhere is closed to every caller (deny by default); the standard health and reflection services are
 * always open, without a token.
 *
 * <pre>{@code
 * MethodRoles roles = MethodRoles.builder()
 *         .require(Role.READ, ScoreServiceGrpc.getGetScoreMethod(), ScoreServiceGrpc.getWatchScoreMethod())
 *         .require(Role.ADMIN, ScoreServiceGrpc.getPublishPolicyMethod())
 *         .build();
 * }</pre>
 */
public final class MethodRoles {

    /** Services that answer every caller, authenticated or not: health checks and server reflection. */
    public static final Set<String> OPEN_SERVICES = Set.of(
            "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection",
            "grpc.reflection.v1alpha.ServerReflection");

    private final Map<String, Role> roles;
    private final Set<String> everyTenant;

    private MethodRoles(Map<String, Role> roles, Set<String> everyTenant) {
        this.roles = Map.copyOf(roles);
        this.everyTenant = Set.copyOf(everyTenant);
    }

    /** A builder of method roles. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether the method belongs to a service open to every caller ({@link #OPEN_SERVICES}). */
    public static boolean isOpen(String fullMethodName) {
        String service = MethodDescriptor.extractFullServiceName(fullMethodName);
        return service != null && OPEN_SERVICES.contains(service);
    }

    /** The role the method requires; empty for a method declared nowhere, which no caller may call. */
    public Optional<Role> required(String fullMethodName) {
        return Optional.ofNullable(roles.get(fullMethodName));
    }

    /**
     * Whether the method acts on every tenant at once (a feed of all tenants' events, a policy that applies to all),
     * so that only a caller who may see every tenant may call it.
     */
    public boolean needsEveryTenant(String fullMethodName) {
        return everyTenant.contains(fullMethodName);
    }

    /**
     * The methods of the services a service binds ({@code grpcServices()}) that are neither declared nor open, in
     * order: what a service's test checks is empty, so that neither a method nor a service added later is silently
     * closed.
     */
    public List<String> undeclared(List<? extends BindableService> bound) {
        return undeclared(bound.stream().map(BindableService::bindService).toArray(ServerServiceDefinition[]::new));
    }

    /**
     * The methods of {@code services} that are neither declared nor open, in order: what a service's test checks is
     * empty, so that a method added later is not silently closed.
     */
    public List<String> undeclared(ServerServiceDefinition... services) {
        List<String> missing = new ArrayList<>();
        for (ServerServiceDefinition service : services) {
            ServiceDescriptor descriptor = service.getServiceDescriptor();
            for (MethodDescriptor<?, ?> method : descriptor.getMethods()) {
                String name = method.getFullMethodName();
                if (!isOpen(name) && !roles.containsKey(name)) {
                    missing.add(name);
                }
            }
        }
        return missing;
    }

    /** Collects method roles; each method is declared once. */
    public static final class Builder {

        private final Map<String, Role> roles = new LinkedHashMap<>();
        private final Set<String> everyTenant = new java.util.HashSet<>();

        private Builder() {
        }

        /**
         * Declares that the methods require {@code role} and a caller who may see every tenant: methods whose answer
         * or effect spans all tenants.
         */
        public Builder requireOnEveryTenant(Role role, MethodDescriptor<?, ?>... methods) {
            require(role, methods);
            for (MethodDescriptor<?, ?> method : methods) {
                everyTenant.add(method.getFullMethodName());
            }
            return this;
        }

        /** Declares that the methods require {@code role}. */
        public Builder require(Role role, MethodDescriptor<?, ?>... methods) {
            for (MethodDescriptor<?, ?> method : methods) {
                require(role, method.getFullMethodName());
            }
            return this;
        }

        /** Declares that the methods, given by full name ({@code package.Service/Method}), require {@code role}. */
        public Builder require(Role role, String... fullMethodNames) {
            Objects.requireNonNull(role, "role");
            for (String name : fullMethodNames) {
                if (name == null || MethodDescriptor.extractFullServiceName(name) == null) {
                    throw new IllegalArgumentException("not a full method name (package.Service/Method): " + name);
                }
                Role previous = roles.putIfAbsent(name, role);
                if (previous != null && previous != role) {
                    throw new IllegalArgumentException(
                            name + " is declared twice, requiring " + previous + " and " + role);
                }
            }
            return this;
        }

        /** The method roles. */
        public MethodRoles build() {
            return new MethodRoles(roles, everyTenant);
        }
    }
}
