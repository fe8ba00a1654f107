package dev.successscore.runtime.security;

import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Authenticates every call and checks that its caller holds the role the called method requires.
 *
 * <ul>
 *   <li>Methods of the {@linkplain MethodRoles#OPEN_SERVICES health and reflection services} pass untouched.</li>
 *   <li>The token comes from the {@code authorization: Bearer <jwt>} metadata and is checked by a
 *       {@link TokenVerifier}; a missing or refused token closes the call with {@code UNAUTHENTICATED} and a
 *       description naming the failed check ({@code UNAVAILABLE} when the signing keys cannot be fetched).</li>
 *   <li>A method {@link MethodRoles} does not declare is closed with {@code PERMISSION_DENIED}, whoever calls;
 *       so is a call whose caller lacks the method's role.</li>
 *   <li>Otherwise the handler runs with the {@link Caller} in its gRPC context: {@link Callers#current()}.</li>
 * </ul>
 *
 * <p>With authentication {@linkplain AuthSettings#disabled() disabled} every call runs as
 * {@link Caller#UNAUTHENTICATED_LOCAL}, who holds every role and sees every tenant; undeclared methods stay closed.
 */
public final class AuthInterceptor implements ServerInterceptor {

    /** The metadata carrying the bearer token. */
    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private static final Logger log = LoggerFactory.getLogger(AuthInterceptor.class);
    private static final String BEARER = "bearer ";

    /** Empty when authentication is disabled. */
    private final Optional<TokenVerifier> verifier;
    private final MethodRoles methodRoles;

    /** An interceptor that authenticates callers with {@code verifier}. */
    public AuthInterceptor(TokenVerifier verifier, MethodRoles methodRoles) {
        this(Optional.of(verifier), methodRoles);
    }

    private AuthInterceptor(Optional<TokenVerifier> verifier, MethodRoles methodRoles) {
        this.verifier = verifier;
        this.methodRoles = Objects.requireNonNull(methodRoles, "methodRoles");
    }

    /** The interceptor {@code settings} ask for: authenticating, or (explicitly disabled) not. */
    public static AuthInterceptor create(AuthSettings settings, MethodRoles methodRoles, Clock clock) {
        if (settings.disabled()) {
            return insecureWithoutAuthentication(methodRoles);
        }
        return new AuthInterceptor(TokenVerifier.from(settings, clock), methodRoles);
    }

    /** An interceptor that authenticates nobody: every call runs as {@link Caller#UNAUTHENTICATED_LOCAL}. */
    public static AuthInterceptor insecureWithoutAuthentication(MethodRoles methodRoles) {
        log.warn("Caller authentication is DISABLED: every call runs with every role on every tenant");
        return new AuthInterceptor(Optional.empty(), methodRoles);
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                 ServerCallHandler<ReqT, RespT> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        if (MethodRoles.isOpen(method)) {
            return next.startCall(call, headers);
        }
        Caller caller;
        try {
            caller = verifier.isEmpty() ? Caller.UNAUTHENTICATED_LOCAL : verifier.get().verify(bearerToken(headers));
        } catch (TokenRejectedException e) {
            log.debug("Refused a call to {}: {}", method, e.getMessage());
            return refuse(call, e.toStatus());
        }
        Optional<Role> required = methodRoles.required(method);
        if (required.isEmpty()) {
            log.warn("Refused a call of {} to {}: the method requires no declared role", caller.subject(), method);
            return refuse(call, Status.PERMISSION_DENIED.withDescription("method not open to callers"));
        }
        if (!caller.has(required.get())) {
            log.info("Refused a call of {} to {}: lacks role {}", caller.subject(), method, required.get());
            return refuse(call, Status.PERMISSION_DENIED.withDescription("requires role " + required.get()));
        }
        if (methodRoles.needsEveryTenant(method) && !caller.allTenants()) {
            log.info("Refused a call of {} to {}: acts on every tenant, the caller sees only {}", caller.subject(),
                    method, caller.tenants());
            return refuse(call, Status.PERMISSION_DENIED.withDescription(
                    "requires role " + required.get() + " on every tenant"));
        }
        return Contexts.interceptCall(Callers.withCaller(caller), call, headers, next);
    }

    private static String bearerToken(Metadata headers) throws TokenRejectedException {
        String value = headers.get(AUTHORIZATION);
        if (value == null || value.isBlank()) {
            throw new TokenRejectedException(TokenRejectedException.Reason.MISSING);
        }
        value = value.strip();
        if (!value.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            throw new TokenRejectedException(TokenRejectedException.Reason.NOT_BEARER);
        }
        String token = value.substring(BEARER.length()).strip();
        if (token.isEmpty()) {
            throw new TokenRejectedException(TokenRejectedException.Reason.MISSING);
        }
        return token;
    }

    private static <ReqT, RespT> ServerCall.Listener<ReqT> refuse(ServerCall<ReqT, RespT> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
