package dev.successscore.usage.measure;

import dev.successscore.usage.api.OrgLevel;
import java.util.List;
import java.util.Set;

/**
 * What a tenant's rollups and directory say about one measurement window: everything the adoption signals are
 * computed from.
 *
 * @param licensedSeats            seats in force at the measurement instant
 * @param enabledFeatures          features in force at the measurement instant
 * @param featuresUsed             features used in W by any user (enabled or not)
 * @param activeUsers              the users with activity in W
 * @param registeredDepartments    departments of the active (not deactivated) directory users
 * @param previousWindowsActive    distinct active users of the 12 previous windows, oldest first; 0 means no data
 * @param engagement               daily active users around the engagement periods
 */
public record UsageFacts(int licensedSeats, Set<String> enabledFeatures, Set<String> featuresUsed,
                         List<ActiveUser> activeUsers, Set<String> registeredDepartments,
                         List<Integer> previousWindowsActive, DailyActivity engagement) {

    public UsageFacts {
        enabledFeatures = Set.copyOf(enabledFeatures);
        featuresUsed = Set.copyOf(featuresUsed);
        activeUsers = List.copyOf(activeUsers);
        registeredDepartments = Set.copyOf(registeredDepartments);
        previousWindowsActive = List.copyOf(previousWindowsActive);
    }

    /**
     * A user with activity in W.
     *
     * @param activeDays days of W with activity
     * @param department {@code null} while the user is not (or no longer) in the directory
     * @param orgLevel   {@code null} while the user is not (or no longer) in the directory
     */
    public record ActiveUser(String userId, int activeDays, String department, OrgLevel orgLevel) {

        public boolean registered() {
            return orgLevel != null;
        }
    }

    /**
     * Daily active users summed over the engagement periods.
     *
     * @param recentUserDays   sum of daily active users over the last 7 complete days
     * @param baselineUserDays sum of daily active users over the 90 days before them
     * @param baselineCovered  whether the tenant's recorded activity reaches back to the first baseline day (at least
     *                         90 days of history before the recent period)
     */
    public record DailyActivity(long recentUserDays, long baselineUserDays, boolean baselineCovered) {
    }
}
