package dev.successscore.score.verify;

import java.util.List;

/** The outcome of verifying one or more tenants' histories. */
public record VerificationReport(int tenantsChecked, long changesChecked, List<Mismatch> mismatches) {

    public VerificationReport {
        mismatches = List.copyOf(mismatches);
    }

    public boolean valid() {
        return mismatches.isEmpty();
    }
}
