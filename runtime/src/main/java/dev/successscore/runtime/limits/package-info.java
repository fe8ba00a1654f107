/**
 * Resource limits of the suite's gRPC servers: message size, deadlines, per-tenant rate limits and open streams
 * per caller ({@link dev.successscore.runtime.limits.ResourceLimits}, configured by
 * {@link dev.successscore.runtime.limits.LimitSettings}).
 */
package dev.successscore.runtime.limits;
