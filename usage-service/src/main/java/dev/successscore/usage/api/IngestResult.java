package dev.successscore.usage.api;

import java.util.List;

/**
 * What became of a batch of activity.
 *
 * @param accepted   records stored now or stored before under the same activity id
 * @param duplicates of the accepted, those stored before (a resent record counts once)
 * @param rejected   records not stored, with the reason
 */
public record IngestResult(int accepted, int duplicates, List<RejectedRecord> rejected) {

    public IngestResult {
        rejected = List.copyOf(rejected);
    }
}
