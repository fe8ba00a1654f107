package dev.successscore.score.feed;

import dev.successscore.score.api.Category;

/**
 * Whether the service that owns a category can be reached now. An unreachable owner is not "data
 * unavailable" (spec section 4): its last measurement keeps counting until its staleness limit,
 * and the category is shown as stale meanwhile.
 */
@FunctionalInterface
public interface UpstreamReachability {

    /** Every owner reachable: score-service running without feeds. */
    UpstreamReachability ALWAYS = category -> true;

    boolean isReachable(Category category);
}
