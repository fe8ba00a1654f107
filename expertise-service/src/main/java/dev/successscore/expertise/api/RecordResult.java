package dev.successscore.expertise.api;

import java.util.List;

/**
 * What became of a batch of credits.
 *
 * @param accepted   records stored now or before
 * @param duplicates of the accepted, those stored before
 * @param rejected   records not stored, with the reason
 */
public record RecordResult(int accepted, int duplicates, List<RejectedRecord> rejected) {

    public RecordResult {
        rejected = List.copyOf(rejected);
    }
}
