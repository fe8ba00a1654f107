package dev.successscore.usage.api;

import java.time.Instant;

/** A user in a tenant's directory. Deactivated users leave the roster but their past activity still counts. */
public record DirectoryUser(String tenantId, String userId, String department, OrgLevel orgLevel, boolean active,
                            Instant registeredAt, Instant updatedAt) {
}
