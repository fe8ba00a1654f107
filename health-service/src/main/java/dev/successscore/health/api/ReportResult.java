package dev.successscore.health.api;

import java.util.List;

/**
 * What became of a batch of alerts.
 *
 * @param accepted   records stored now or before
 * @param duplicates of the accepted, those that changed nothing
 * @param rejected   records not stored, with the reason
 */
public record ReportResult(int accepted, int duplicates, List<RejectedRecord> rejected) {

    public ReportResult {
        rejected = List.copyOf(rejected);
    }
}
