/**
 * Who calls a service and what they may do: bearer JWTs verified against a JWKS ({@link
 * dev.successscore.runtime.security.TokenVerifier}), the resulting {@link dev.successscore.runtime.security.Caller}
 * with its tenants and {@link dev.successscore.runtime.security.Role}s, one server interceptor that authenticates
 * every call and checks the role its method requires ({@link dev.successscore.runtime.security.AuthInterceptor},
 * {@link dev.successscore.runtime.security.MethodRoles}), and tenant isolation for the services
 * ({@link dev.successscore.runtime.security.TenantAccess}). Configured from the environment by
 * {@link dev.successscore.runtime.security.AuthSettings}.
 */
package dev.successscore.runtime.security;
